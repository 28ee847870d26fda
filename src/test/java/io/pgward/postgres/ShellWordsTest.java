package io.pgward.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellWordsTest {

    @Test
    void splitsLikeAShell() {
        assertThat(ShellWords.split("/usr/local/bin/vip.sh  --dev eth0")).containsExactly("/usr/local/bin/vip.sh",
                "--dev", "eth0");
        assertThat(ShellWords.split("cmd 'two words' \"and \\\"more\\\"\" a\\ b")).containsExactly("cmd", "two words",
                "and \"more\"", "a b");
        assertThat(ShellWords.split("x''y \"\"")).containsExactly("xy", "");
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void unbalancedQuotesAreAnError() {
        assertThatThrownBy(() -> ShellWords.split("cmd 'open")).hasMessageContaining("unbalanced '");
        assertThatThrownBy(() -> ShellWords.split("cmd \"open")).hasMessageContaining("unbalanced \"");
    }
}
