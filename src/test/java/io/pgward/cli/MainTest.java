package io.pgward.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage errors end with exit code 2 before anything is contacted. */
class MainTest {

    @Test
    void mutuallyExclusiveOptionsAreUsageErrors() {
        assertThat(Main.run("dsn", "-r", "leader", "-m", "node1")).isEqualTo(2);
        assertThat(Main.run("query", "-c", "select 1", "-f", "x.sql")).isEqualTo(2);
    }

    @Test
    void unknownFormatOrRoleIsAUsageError() {
        assertThat(Main.run("list", "-f", "xml", "--dcs-url", "http://127.0.0.1:9", "--scope", "x")).isEqualTo(2);
        assertThat(Main.run("restart", "--role", "boss", "--dcs-url", "http://127.0.0.1:9", "--scope", "x"))
                .isEqualTo(2);
    }

    @Test
    void dcsUrlWithoutScopeIsAUsageError() {
        assertThat(Main.run("show-config", "--dcs-url", "http://127.0.0.1:9")).isEqualTo(2);
    }

    @Test
    void editConfigRefusesApplyWithReplace() {
        assertThat(Main.run("edit-config", "--apply", "a.yml", "--replace", "b.yml", "--dcs-url",
                "http://127.0.0.1:9", "--scope", "x")).isEqualTo(2);
    }

    @Test
    void removeRefusesAnotherClustersName() {
        assertThat(Main.run("remove", "prod", "--dcs-url", "http://127.0.0.1:9", "--scope", "demo")).isEqualTo(2);
    }

    @Test
    void versionWithoutClusterPrintsOnlyPgwards() {
        assertThat(Main.run("version")).isZero();
    }

    @Test
    void clusterOptionsBeforeTheCommandAreUsed() {
        Main main = new Main();
        picocli.CommandLine cli = new picocli.CommandLine(main);
        picocli.CommandLine.ParseResult r = cli.parseArgs("--dcs-url", "http://127.0.0.1:9", "--scope", "demo",
                "show-config");
        ShowConfigCommand show = (ShowConfigCommand) r.subcommand().commandSpec().userObject();
        assertThat(show.cluster.effective()).isSameAs(main.cluster);
        assertThat(show.cluster.keyPrefix()).isEqualTo("/service/demo/");
    }
}
