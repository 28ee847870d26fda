package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guide keeps the markers DeployGuideIT runs it by; a misspelt host fails here, before any namespace exists. */
class DeployGuideTest {

    @Test
    void theGuidesBlocksSayWhereTheyRunAndTheUpgradeEndsWithTheFormerPrimary() throws Exception {
        List<DeployGuide.Block> blocks = DeployGuide.read();
        assertThat(blocks).extracting(DeployGuide.Block::section).contains("1. Packages", "2. Firewall",
                "3. Certificates and passwords", "4. etcd", "5. pgward", "6. Checking the cluster",
                "7. Upgrading pgward, one node at a time");
        assertThat(blocks).filteredOn(b -> b.section().startsWith("8.")).as("section 8 is not run").isEmpty();
        List<DeployGuide.Block> upgrade = blocks.stream().filter(b -> b.section().startsWith("7.")).toList();
        assertThat(upgrade).extracting(DeployGuide.Block::hosts)
                .containsExactly(List.of("node2", "node3"), List.of("node1"), List.of("node1"));
        assertThat(upgrade.get(1).script()).contains("pgward switchover").contains("--leader node1");
    }

    @Test
    void aBlockIsRunOnlyWithAKnownPlaceAndAnUntilMarksACheck() {
        List<DeployGuide.Block> blocks = DeployGuide.parse(List.of("## A", "```sh", "# on each host", "echo a", "```",
                "```sh", "echo shown only", "```", "```", "# on node1", "```",
                "```sh", "# on node2 and node3, until it succeeds", "true", "```"));
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).hosts()).isEqualTo(DeployGuide.HOSTS);
        assertThat(blocks.get(0).script()).isEqualTo("echo a\n");
        assertThat(blocks.get(1).hosts()).containsExactly("node2", "node3");
        assertThat(blocks.get(1).untilSuccess()).isTrue();
        assertThatThrownBy(() -> DeployGuide.parse(List.of("```sh", "# on node4", "```")))
                .hasMessageContaining("node4");
    }
}
