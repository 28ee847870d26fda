package io.pgward.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.awaitility.Awaitility.await;

/**
 * Faults of etcd itself in the production shape: an etcd member beside each node, on the node's host. While a
 * majority of members is healthy nothing may be felt (same leader, no write gap over 2 s); when the majority is lost
 * the primary steps down (never two writers) and the cluster recovers by itself once the majority is back.
 * The member listed first in every node's etcd3.hosts is e1, on node n1's host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EtcdFaultSuite extends FaultSuite {

    private static final long MEMBER_FAULT_MS = 20_000;

    @Override
    void configure(ClusterFixture c) {
        c.withEtcdOnEachNode(lab);
    }

    private EtcdCluster etcd() {
        return cluster.etcdCluster;
    }

    @Test
    @Order(1)
    void frozenEtcdMemberCausesNoOutage() throws Exception {
        scenario(prefix() + "FrozenEtcdMemberCausesNoOutage", !synchronous(), true, primary -> {
            long pid = etcd().members.get(0).pid();
            Signals.send("STOP", pid);
            try {
                EtcdServer.sleep(MEMBER_FAULT_MS);
            } finally {
                Signals.send("CONT", pid);
            }
        });
    }

    @Test
    @Order(2)
    void etcdMemberCutFromItsPeersCausesNoOutage() throws Exception {
        // The member still answers the nodes but has no leader: a linearizable read on it hangs or fails.
        scenario(prefix() + "EtcdMemberCutFromItsPeersCausesNoOutage", false, true, primary -> {
            lab.cutPort(0, 2380);
            EtcdServer.sleep(MEMBER_FAULT_MS);
        });
    }

    @Test
    @Order(3)
    void killedAndRestartedEtcdMemberCausesNoOutage() throws Exception {
        scenario(prefix() + "KilledAndRestartedEtcdMemberCausesNoOutage", false, true, primary -> {
            etcd().kill(0);
            EtcdServer.sleep(25_000);    // as long as it was measured against Patroni
            etcd().startAgain(0);
        });
    }

    @Test
    @Order(4)
    void etcdLeaderMovedRepeatedlyCausesNoOutage() throws Exception {
        scenario(prefix() + "EtcdLeaderMovedRepeatedlyCausesNoOutage", false, true, primary -> {
            for (int i = 0; i < 5; i++) {
                etcd().moveLeader();
                EtcdServer.sleep(2000);
            }
        });
    }

    @Test
    @Order(5)
    void etcdMajorityLostThenBackRecoversWithoutTwoWriters() throws Exception {
        scenario(prefix() + "EtcdMajorityLostThenBackRecoversWithoutTwoWriters", false, primary -> {
            long a = etcd().members.get(1).pid();
            long b = etcd().members.get(2).pid();
            Signals.send("STOP", a);
            Signals.send("STOP", b);
            try {
                EtcdServer.sleep(30_000);
                await().atMost(TestTime.seconds(30)).until(() -> cluster.postmaster(primary).isEmpty()
                        || !isWritable(primary));
            } finally {
                Signals.send("CONT", a);
                Signals.send("CONT", b);
            }
        });
    }

    private boolean isWritable(int node) {
        try (var c = cluster.connect(node, 3); var s = c.createStatement();
             var r = s.executeQuery("SELECT NOT pg_is_in_recovery()")) {
            r.next();
            return r.getBoolean(1);
        } catch (Exception e) {
            return false;
        }
    }

    private String prefix() {
        return synchronous() ? "sync" : "async";
    }
}
