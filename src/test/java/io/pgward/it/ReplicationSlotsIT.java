package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader's replication slots: one per member and one per permanent slot of {@code slots}; the slot of a member
 * that left is dropped after {@code member_slots_ttl} (0 here), while a slot nobody declared is left alone.
 */
class ReplicationSlotsIT {

    @Test
    void departedMembersSlotIsDroppedPermanentAndForeignSlotsStay() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(3)) {
            cluster.dcsExtra = "    member_slots_ttl: 0\n    slots:\n      keep_me:\n        type: physical\n";
            cluster.startEtcd().startAll();
            int leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
            int leaving = (leader + 1) % 3;
            int staying = (leader + 2) % 3;
            String leavingSlot = cluster.name(leaving);
            await().atMost(TestTime.seconds(30)).ignoreExceptions().until(() -> slots(cluster, leader)
                    .containsAll(Set.of(cluster.name(leaving), cluster.name(staying), "keep_me")));
            try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
                s.execute("SELECT pg_create_physical_replication_slot('made_by_hand')");
            }

            cluster.agents.get(cluster.name(leaving)).terminate(TestTime.seconds(60));
            await().atMost(TestTime.seconds(30)).ignoreExceptions()
                    .until(() -> !slots(cluster, leader).contains(leavingSlot));
            Thread.sleep(3000);    // a few more cycles
            assertThat(slots(cluster, leader)).contains(cluster.name(staying), "keep_me", "made_by_hand")
                    .doesNotContain(leavingSlot);
            assertThat(cluster.log(leader)).contains("dropped replication slot " + leavingSlot)
                    .contains("replication slot made_by_hand belongs to no member");

            cluster.startAgent(leaving);
            cluster.awaitHealthy(TestTime.seconds(90));
            await().atMost(TestTime.seconds(30)).ignoreExceptions()
                    .until(() -> slots(cluster, leader).contains(leavingSlot));
        }
    }

    private static Set<String> slots(ClusterFixture cluster, int node) throws Exception {
        return cluster.column(node, "SELECT slot_name FROM pg_replication_slots");
    }
}
