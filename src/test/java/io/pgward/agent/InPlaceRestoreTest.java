package io.pgward.agent;

import io.pgward.config.BootstrapMethod;
import io.pgward.ha.RestoreRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InPlaceRestoreTest {

    @Test
    void aFailureIsSummedUpWithPostgresqlsFatalLine() {
        String message = """
                PostgreSQL stopped while recovering the restored data (a recovery target outside the backup and archive?):
                2026-12-03 06:25:19.379 GMT [8280] LOG:  skipping missing configuration file "x"
                2026-12-03 06:25:19.380 UTC [8280] FATAL:  configuration file "y" contains errors
                """;
        assertThat(InPlaceRestore.summary(message)).isEqualTo("PostgreSQL stopped while recovering the restored data"
                + " (a recovery target outside the backup and archive?): FATAL:  configuration file \"y\" contains errors");
        assertThat(InPlaceRestore.summary("pgbackrest exited with 56")).isEqualTo("pgbackrest exited with 56");
    }

    @Test
    void theRestoreRunsPgwardsOwnPgbackrestMethodWithTheRequestsSettingsAndSet() {
        RestoreRequest r = new RestoreRequest("r1", "n1", "time T", Map.of("recovery_target_time", "T"), "20261203-040000F",
                RestoreRequest.State.REQUESTED, null, 1);
        BootstrapMethod m = InPlaceRestore.method(r);
        assertThat(m.command()).as("pgward's own restore, not a command").isNull();
        assertThat(m.recoveryConf()).containsEntry("recovery_target_time", "T");
        assertThat(m.options()).containsExactly(Map.entry("set", "20261203-040000F"));
    }
}
