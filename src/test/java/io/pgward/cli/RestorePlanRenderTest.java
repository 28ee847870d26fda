package io.pgward.cli;

import io.pgward.backup.RestoreCheck;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestorePlanRenderTest {

    @Test
    void aTimeTargetGivesTheBootstrapSectionToUse() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("recovery_target_time", "2026-12-03T04:30:00Z");
        conf.put("recovery_target_action", "promote");

        String text = RestoreCommand.render(new RestoreCheck.Plan(conf, null, "time 2026-12-03T04:30:00Z"), "n1");

        assertThat(text).startsWith("Restore to time 2026-12-03T04:30:00Z: possible.")
                .contains("bootstrap:\n  method: pgbackrest\n  pgbackrest:\n    recovery_conf:\n"
                        + "      recovery_target_time: '2026-12-03T04:30:00Z'\n      recovery_target_action: 'promote'\n")
                .contains("start the first node (n1, the leader now)");
    }

    @Test
    void aLabelTargetNamesTheBackupSet() {
        String text = RestoreCommand.render(new RestoreCheck.Plan(Map.of("recovery_target", "immediate"),
                "20261203-040000F", "backup 20261203-040000F"), null);

        assertThat(text).contains("    set: 20261203-040000F\n").contains("(e.g. the last leader)");
    }
}
