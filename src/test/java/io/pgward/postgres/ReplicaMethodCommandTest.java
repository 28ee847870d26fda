package io.pgward.postgres;

import io.pgward.config.ReplicaMethod;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The arguments a custom replica method gets, as Patroni passes them to the same script. */
class ReplicaMethodCommandTest {

    private static final Path DATA = Path.of("/var/lib/postgresql/18/main");
    private static final String CONN = "dbname=postgres user=replicator host=10.0.0.1 port=5432";

    @Test
    void withParamsTheSectionsKeysComeFirstThenScopeRoleDatadirAndConnstring() {
        ReplicaMethod m = method(false, Map.of("keep_data", "True"));

        assertThat(ReplicaMethodCommand.argv(m, "/usr/local/bin/clone.sh --fast", "demo", DATA, CONN)).containsExactly(
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

        assertThat(ReplicaMethodCommand.argv(method(true, options), "pgbackrest --stanza=main --delta restore", "demo",
                DATA, CONN)).containsExactly("pgbackrest", "--stanza=main", "--delta", "restore", "--process-max=4");
    }

    @Test
    void aKeyNamedLikeADefaultIsReplacedWhereItStands() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("scope", "other");
        options.put("threads", "2");

        assertThat(ReplicaMethodCommand.argv(method(false, options), "clone", "demo", DATA, ""))
                .containsExactly("clone", "--scope=demo", "--threads=2", "--role=replica",
                        "--datadir=/var/lib/postgresql/18/main", "--connstring=");
    }

    @Test
    void theCommandIsSplitAsAShellWouldWithQuotesKept() {
        assertThat(ReplicaMethodCommand.argv(method(true, Map.of()), "'/opt/my tools/clone' \"a b\" c\\ d", "demo",
                DATA, CONN)).containsExactly("/opt/my tools/clone", "a b", "c d");
    }

    private static ReplicaMethod method(boolean noParams, Map<String, String> options) {
        return new ReplicaMethod("clone", "unused", false, noParams, false, options);
    }
}
