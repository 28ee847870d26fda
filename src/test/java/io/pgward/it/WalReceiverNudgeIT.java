package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica whose WAL receiver hangs on a connection its upstream no longer serves (the primary's walsender frozen,
 * while the primary accepts new connections) has its receiver restarted by the agent before wal_receiver_timeout
 * (set by the user to 30 s, which pgward's default must not override), and streams again once the old walsender
 * is gone.
 */
class WalReceiverNudgeIT {

    @Test
    void aReceiverSilentPastItsPingIsRestartedWhileTheUpstreamAnswers() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            cluster.parametersExtra = "\n    wal_receiver_timeout: 30s";
            cluster.startEtcd().startAll();
            int primary = cluster.createAckedTable();
            int replica = 1 - primary;
            assertThat(cluster.show(replica, "wal_receiver_timeout")).isEqualTo("30s");
            long walsender = Long.parseLong(cluster.queryText(primary, "SELECT pid FROM pg_stat_replication"));
            Signals.send("STOP", walsender);
            try {
                await().atMost(TestTime.seconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> cluster.log(replica).contains("restarted the WAL receiver"));
            } finally {
                Signals.send("CONT", walsender);
            }
            assertThat(cluster.log(replica)).contains("although it accepts connections again");
            cluster.execute(primary, "INSERT INTO acked VALUES (1, 'after the nudge')");
            String lsn = cluster.queryText(primary, "SELECT pg_current_wal_insert_lsn()::text");
            await().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> "t".equals(cluster.queryText(replica,
                            "SELECT pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn")));
        }
    }
}
