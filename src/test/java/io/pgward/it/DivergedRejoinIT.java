package io.pgward.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hard-killed primary that comes back while the new leader still holds its key in recovery (promotion not done)
 * must not start as that leader's standby on the timeline the promotion is about to fork away from: it would never
 * stream again. The new leader's promotion is held open by a pre_promote script until the old primary has decided.
 */
class DivergedRejoinIT {

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void oldPrimaryRestartedWhileTheNewLeaderIsStillPromotingRewindsInsteadOfStallingOnAForkedTimeline() throws Exception {
        cluster = new ClusterFixture(2);
        cluster.ttl = 30;   // pre_promote may take ttl/2: room for the old primary's agent to start and decide
        Path hold = cluster.promotionHold();
        cluster.startEtcd().startAll();
        int old = cluster.createAckedTable();
        int other = 1 - old;
        writeARowBothHave(old, other);
        Files.writeString(hold, "");

        crashUntilTheOtherLeads(old, other);
        cluster.startAgent(old);
        await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.log(old).contains("still in recovery (promoting)")
                        || cluster.log(old).contains("PostgreSQL started as a standby"));
        assertThat(cluster.log(old)).as("the old primary must not start as a standby of a leader still in recovery")
                .doesNotContain("PostgreSQL started as a standby");
        Files.delete(hold);

        cluster.awaitHealthy(TestTime.seconds(90));
        assertThat(cluster.view().leader()).isEqualTo(cluster.name(other));
        assertThat(cluster.log(old)).contains("rewinding");
        assertThat(hasRow(old)).as("the row written before the crash, on the rewound old primary").isTrue();
    }

    @Test
    void anExplicitRemoveDataDirectoryOnDivergedTimelinesFalseKeepsTheNodeStoppedUntilReinit() throws Exception {
        cluster = new ClusterFixture(2);
        // set in the file, use_pg_rewind: false wins over the cluster's use_pg_rewind: true
        cluster.postgresqlExtra = "  use_pg_rewind: false\n  remove_data_directory_on_diverged_timelines: false\n";
        cluster.startEtcd().startAll();
        int old = cluster.createAckedTable();
        int other = 1 - old;
        writeARowBothHave(old, other);

        crashUntilTheOtherLeads(old, other);
        cluster.startAgent(old);
        await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.log(old).contains("remove_data_directory_on_diverged_timelines is false"));
        assertThat(cluster.log(old)).doesNotContain("PostgreSQL started as a standby").doesNotContain("cloning afresh");
        try (var siblings = Files.list(cluster.dataDir(old).getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("the data directory stays where it is").noneMatch(n -> n.contains(".diverged."));
        }

        // the agent keeps trying (and refusing) to start each cycle: a reinit that meets that attempt is asked again
        await().atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                new Rest(null, null).call(cluster.restPorts[old], "POST", "/reinitialize", "{}").status() == 200);
        cluster.awaitHealthy(TestTime.seconds(120));
        assertThat(cluster.view().leader()).isEqualTo(cluster.name(other));
        await().ignoreExceptions().atMost(TestTime.seconds(30)).until(() -> hasRow(old));
    }

    private void writeARowBothHave(int primary, int replica) throws Exception {
        try (Connection c = cluster.connect(primary); Statement s = c.createStatement()) {
            s.execute("INSERT INTO acked VALUES (1, 'before the crash')");
        }
        await().ignoreExceptions().atMost(TestTime.seconds(30)).until(() -> hasRow(replica));
    }

    /** Agent and postmaster of {@code old} killed hard; returns once {@code other} holds the leader key. */
    private void crashUntilTheOtherLeads(int old, int other) {
        cluster.agents.get(cluster.name(old)).kill9();
        cluster.killPostgres(old);
        await().ignoreExceptions().atMost(TestTime.seconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.name(other).equals(cluster.view().leader()));
    }

    private boolean hasRow(int node) throws Exception {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM acked WHERE id = 1")) {
            r.next();
            return r.getInt(1) == 1;
        }
    }
}
