package io.pgward.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ManPageTest {

    private final String page = ManPage.render(Main.commandLine(), "1.2.3-SNAPSHOT");

    @Test
    void everyCommandOfTheHelpHasASection() {
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            assertThat(page).contains("\n.SS " + ManPage.escape(sub.getCommandName()) + "\n");
        }
    }

    @Test
    void theVersionExitStatusAndSignalsAreOnThePage() {
        assertThat(page).startsWith(".TH PGWARD 1 \"\" \"pgward 1.2.3\\-SNAPSHOT\"");
        assertThat(page.substring(page.indexOf(".SH \"EXIT STATUS\""))).contains(".TP\n\\fB2\\fR\nbad usage");
        assertThat(page).contains("SIGHUP reloads the configuration file");
    }

    @Test
    void textCannotBeReadAsRoffRequests() {
        assertThat(ManPage.escape(".SH x")).isEqualTo("\\&.SH x");
        assertThat(ManPage.escape("'br")).isEqualTo("\\&'br");
        assertThat(ManPage.escape("a\\fB --dcs-url")).isEqualTo("a\\efB \\-\\-dcs\\-url");
        assertThat(ManPage.escape("one\n.two")).isEqualTo("one\n\\&.two");
    }

    /** groff, when installed, formats the page without a single warning. */
    @Test
    void groffFindsNothingToWarnAbout() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff is not installed");
        Path file = Files.createTempFile("pgward", ".1");
        try {
            Files.writeString(file, page);
            Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", file.toString())
                    .redirectErrorStream(true).start();
            String warnings = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(groff.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(warnings).isEmpty();
            assertThat(groff.exitValue()).isZero();
        } finally {
            Files.delete(file);
        }
    }
}
