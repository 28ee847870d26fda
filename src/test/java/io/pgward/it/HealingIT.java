package io.pgward.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas cut from the primary (etcd still reachable by everyone) stream again after the partition heals, without
 * a failover: the replica has received WAL the primary wrote after the heal. The time from heal to streaming is
 * printed ("HEAL ..."); the bound asserted is generous, the speed itself is the benchmark's business.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealingIT extends FaultSuite {

    private static final Duration CUT = Duration.ofSeconds(30);

    private long nextId = 1;

    @Override
    boolean synchronous() {
        return false;
    }

    /** The timings the benchmark uses (Patroni's defaults). */
    @Override
    void configure(ClusterFixture c) {
        c.ttl = 30;
        c.loopWait = 10;
        c.retryTimeout = 10;
    }

    @Test
    @Order(1)
    void replicaCutFromThePrimaryOnlyStreamsAgainAfterHeal() throws Exception {
        int primary = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
        int replica = (primary + 1) % 3;
        lab.cut(replica, List.of(lab.nodeAddress(primary)));
        healAndAwaitStreaming("one replica cut from the primary", primary, List.of(replica));
    }

    @Test
    @Order(2)
    void replicasCutFromThePrimaryStreamAgainAfterHeal() throws Exception {
        int primary = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
        List<Integer> replicas = IntStream.range(0, 3).filter(i -> i != primary).boxed().toList();
        lab.cut(primary, replicas.stream().map(lab::nodeAddress).toList());
        healAndAwaitStreaming("both replicas cut from the primary", primary, replicas);
    }

    /** Writes on the primary through the cut, heals, writes once more and waits until every replica received it. */
    private void healAndAwaitStreaming(String what, int primary, List<Integer> replicas) throws Exception {
        long end = System.nanoTime() + CUT.toNanos();
        while (System.nanoTime() < end) {
            insert(primary);
            Thread.sleep(1000);
        }
        assertThat(cluster.view().leader()).as("a cut between the nodes alone must not move the leader")
                .isEqualTo(cluster.name(primary));
        lab.heal();
        long healed = System.nanoTime();
        insert(primary);
        String target = cluster.queryText(primary, "SELECT pg_current_wal_insert_lsn()::text");
        for (int replica : replicas) {
            await().atMost(TestTime.seconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> received(replica, target));
            System.out.printf("HEAL %s: %s streams again %.1f s after the heal%n", what, cluster.name(replica),
                    (System.nanoTime() - healed) / 1e9);
        }
        for (int i = 0; i < 3; i++) {
            printReplicationLines(i);
        }
        assertThat(cluster.view().leader()).isEqualTo(cluster.name(primary));
    }

    /** What PostgreSQL said about streaming through the cut and the heal (the time each step took shows there). */
    private void printReplicationLines(int node) throws java.io.IOException {
        java.nio.file.Path log = cluster.dataDir(node).resolveSibling("data.postgres.log");
        if (java.nio.file.Files.exists(log)) {
            java.nio.file.Files.readAllLines(log).stream()
                    .filter(l -> l.matches(".*(WAL|walreceiver|walsender|replication|timeout|primary).*"))
                    .forEach(l -> System.out.println("HEAL " + cluster.name(node) + " | " + l));
        }
    }

    private void insert(int primary) throws Exception {
        cluster.execute(primary, "INSERT INTO acked VALUES (" + nextId++ + ", 'healing')");
    }

    private boolean received(int replica, String lsn) throws Exception {
        return "t".equals(cluster.queryText(replica,
                "SELECT pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn"));
    }
}
