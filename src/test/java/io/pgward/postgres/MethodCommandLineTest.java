package io.pgward.postgres;

import io.pgward.config.ReplicaMethod;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The arguments a custom replica method gets, as Patroni passes them to the same script. */
class MethodCommandLineTest {

    private static final Path DATA = Path.of("/var/lib/postgresql/18/main");
    private static final String CONN = "dbname=postgres user=replicator host=10.0.0.1 port=5432";

    @Test
    void withParamsTheSectionsKeysComeFirstThenScopeRoleDatadirAndConnstring() {
        ReplicaMethod m = method(false, Map.of("keep_data", "True"));

        assertThat(MethodCommandLine.replica(m, "/usr/local/bin/clone.sh --fast", "demo", DATA, CONN)).containsExactly(
                "/usr/local/bin/clone.sh", "--fast", "--keep_data=True", "--scope=demo", "--role=replica",
                "--datadir=/var/lib/postgresql/18/main", "--connstring=" + CONN);
    }

    @Test
    void noParamsDropsTheDefaultsAndTheFlagsButKeepsOtherKeys() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("keep_data", "True");
        options.put("no_params", "True");
        options.put("no_leader", "True");
        options.put("process-max", "4");

        assertThat(MethodCommandLine.replica(method(true, options), "pgbackrest --stanza=main --delta restore", "demo",
                DATA, CONN)).containsExactly("pgbackrest", "--stanza=main", "--delta", "restore", "--process-max=4");
    }

    @Test
    void aKeyNamedLikeADefaultIsReplacedWhereItStands() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("scope", "other");
        options.put("threads", "2");

        assertThat(MethodCommandLine.replica(method(false, options), "clone", "demo", DATA, ""))
                .containsExactly("clone", "--scope=demo", "--threads=2", "--role=replica",
                        "--datadir=/var/lib/postgresql/18/main", "--connstring=");
    }

    @Test
    void theCommandIsSplitAsAShellWouldWithQuotesKept() {
        assertThat(MethodCommandLine.replica(method(true, Map.of()), "'/opt/my tools/clone' \"a b\" c\\ d", "demo",
                DATA, CONN)).containsExactly("/opt/my tools/clone", "a b", "c d");
    }

    @Test
    void aBootstrapMethodGetsScopeAndDatadirFirstThenItsOwnKeys() {
        var m = new io.pgward.config.BootstrapMethod("restore", "/usr/local/bin/restore.sh --fast", false, false,
                Map.of("target", "2026-12-03 10:00:00+00"), Map.of("recovery_target_action", "promote"));

        assertThat(MethodCommandLine.bootstrap(m, "demo", DATA)).containsExactly("/usr/local/bin/restore.sh", "--fast",
                "--scope=demo", "--datadir=/var/lib/postgresql/18/main", "--target=2026-12-03 10:00:00+00");
    }

    @Test
    void aBootstrapMethodWithNoParamsGetsOnlyItsOwnKeys() {
        var m = new io.pgward.config.BootstrapMethod("pgbackrest", "pgbackrest --stanza=main --delta restore", true,
                true, Map.of(), Map.of());

        assertThat(MethodCommandLine.bootstrap(m, "demo", DATA)).containsExactly("pgbackrest", "--stanza=main",
                "--delta", "restore");
    }

    private static ReplicaMethod method(boolean noParams, Map<String, String> options) {
        return new ReplicaMethod("clone", "unused", false, noParams, false, options);
    }
}
