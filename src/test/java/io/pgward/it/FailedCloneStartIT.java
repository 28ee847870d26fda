package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fresh clone whose first start fails (here: its port is taken) says "in production" in pg_control, like a
 * crashed primary. It must not be sent through single-user crash recovery: with standby.signal written that never
 * runs ("standby mode is not supported by single-user servers") and the replica stayed down for good.
 */
class FailedCloneStartIT {

    @Test
    void aFreshCloneWhoseFirstStartFailedStreamsOnceItCanStart() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2).startEtcd()) {
            cluster.writeConfigs();
            cluster.startAgent(0);
            await().ignoreExceptions().atMost(TestTime.seconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "n1".equals(cluster.view().leader()) && cluster.log(0).contains("I am the leader"));
            try (ServerSocket taken = new ServerSocket(cluster.pgPorts[1], 1, InetAddress.getByName(cluster.hosts[1]))) {
                cluster.startAgent(1);
                await().atMost(TestTime.seconds(90)).pollInterval(Duration.ofMillis(300))
                        .until(() -> cluster.log(1).contains("PostgreSQL did not start as a standby"));
            }
            cluster.awaitHealthy(TestTime.seconds(90));
            try (Connection c = cluster.connect(0); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE after_the_failed_start (id int)");
                s.execute("INSERT INTO after_the_failed_start VALUES (7)");
            }
            await().ignoreExceptions().atMost(TestTime.seconds(30)).until(() -> {
                try (Connection c = cluster.connect(1); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT id FROM after_the_failed_start")) {
                    return r.next() && r.getInt(1) == 7;
                }
            });
            assertThat(cluster.log(1)).doesNotContain("single-user crash recovery failed");
        }
    }
}
