package io.pgward.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void pipedYesProceeds() {
        assertThat(Views.prompt(out, "y").confirm("Apply these changes?")).isTrue();
        assertThat(Views.prompt(out, "YES").confirm("Apply?")).isTrue();
        assertThat(out.toString()).contains("Apply these changes? [y/N]: ");
    }

    @Test
    void pipedNoOrEmptyLineAborts() {
        assertThat(Views.prompt(out, "n").confirm("Apply?")).isFalse();
        assertThat(Views.prompt(out, "").confirm("Apply?")).isFalse();
        assertThatThrownBy(() -> Views.prompt(out, "no").confirmOrAbort("Apply?"))
                .isInstanceOf(Prompt.Aborted.class).hasMessageContaining("nothing was changed");
    }

    @Test
    void anUnclearAnswerIsAskedAgain() {
        assertThat(Views.prompt(out, "maybe", "y").confirm("Apply?")).isTrue();
        assertThat(out.toString()).contains("Please answer y or n.");
    }

    @Test
    void emptyStdinRefusesAndTellsToUseForce() {
        assertThatThrownBy(() -> Views.prompt(out).confirm("Are you sure you want to restart members node2?"))
                .isInstanceOf(Prompt.NoAnswer.class)
                .hasMessageContaining("no answer to \"Are you sure you want to restart members node2?\"")
                .hasMessageContaining("use --force");
    }

    @Test
    void stdinRunningOutAfterGarbageIsNoAnswerNotYes() {
        assertThatThrownBy(() -> Views.prompt(out, "whatever").confirm("Apply?")).isInstanceOf(Prompt.NoAnswer.class);
    }

    @Test
    void askGivesTheDefaultForAnEmptyAnswerAndStripsSpaces() {
        assertThat(Views.prompt(out, "").ask("Candidate", "node2")).isEqualTo("node2");
        assertThat(Views.prompt(out, "  node3 ").ask("Candidate", "node2")).isEqualTo("node3");
        assertThat(out.toString()).contains("Candidate [node2]: ");
    }

    @Test
    void abortAndNoAnswerMapToExitCodesOneAndTwo() {
        assertThat(Main.exitCode(new Prompt.Aborted("Aborted"))).isEqualTo(1);
        assertThat(Main.exitCode(new Prompt.NoAnswer("no answer"))).isEqualTo(2);
        assertThat(Main.exitCode(new Refused("already paused"))).isEqualTo(1);
        assertThat(Main.exitCode(new RestClient.Unreachable("refused", null))).isEqualTo(2);
        assertThat(Main.exitCode(new IllegalStateException("bug"))).isEqualTo(1);
    }
}
