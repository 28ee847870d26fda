package io.pgward.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterRoleChangeTest {

    @Test
    void demoteClusterSetsOnlyTheOptionsGivenAsPatronictlDoes() {
        DemoteClusterCommand c = new DemoteClusterCommand();
        new CommandLine(c).parseArgs("--host", "dc1", "--port", "5433", "--primary-slot-name", "dc2", "--force");

        assertThat(c.section()).isEqualTo(Map.of("host", "dc1", "port", 5433, "primary_slot_name", "dc2"));
        assertThat(c.options.force).isTrue();
    }

    @Test
    void demoteClusterWithoutARemoteIsRefusedBeforeAnythingIsRead() {
        DemoteClusterCommand c = new DemoteClusterCommand();
        new CommandLine(c).parseArgs("--primary-slot-name", "dc2");

        org.assertj.core.api.Assertions.assertThatThrownBy(c::call).isInstanceOf(Refused.class)
                .hasMessageContaining("--host (and --port)");
    }

    @Test
    void bothVerbsAreCommandsOfPgward() {
        CommandLine cli = new CommandLine(new Main());
        assertThat(cli.getSubcommands()).containsKeys("promote-cluster", "demote-cluster");
    }
}
