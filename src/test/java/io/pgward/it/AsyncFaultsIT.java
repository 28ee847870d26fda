package io.pgward.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;

import static org.awaitility.Awaitility.await;

/** Fault scenarios with asynchronous replication; acknowledged writes lost are counted and reported. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AsyncFaultsIT extends FaultSuite {

    @Override
    boolean synchronous() {
        return false;
    }

    @Test
    @Order(1)
    void killedPrimaryAgentAndPostmasterFailOverWithoutTwoWriters() throws Exception {
        scenario("killedPrimaryAgentAndPostmasterFailOverWithoutTwoWriters", true, this::killAgentAndPostgres);
    }

    @Test
    @Order(2)
    void killedPostmasterRestartsInPlace() throws Exception {
        scenario("killedPostmasterRestartsInPlace", false, primary -> {
            cluster.killPostgres(primary);
            await().ignoreExceptions().atMost(TestTime.seconds(30)).until(() -> cluster.postmaster(primary).isPresent());
        });
    }

    @Test
    @Order(3)
    void frozenPrimaryAgentDoesNotCauseTwoWriters() throws Exception {
        scenario("frozenPrimaryAgentDoesNotCauseTwoWriters", false, this::freezeAgent);
    }

    @Test
    @Order(4)
    void etcdDownMakesThePrimaryReadOnlyBeforeLeaseExpiry() throws Exception {
        scenario("etcdDownMakesThePrimaryReadOnlyBeforeLeaseExpiry", false, primary -> {
            cluster.etcd.stop();
            EtcdServer.sleep(TestTime.seconds(25).toMillis());
            cluster.etcd.start();
        });
    }

    @Test
    @Order(5)
    void primaryCutFromEtcdDemotesBeforeLeaseExpiry() throws Exception {
        scenario("primaryCutFromEtcdDemotesBeforeLeaseExpiry", true, this::cutFromEtcd);
    }

    @Test
    @Order(6)
    void fullyIsolatedPrimaryIsReplacedWithoutTwoWriters() throws Exception {
        scenario("fullyIsolatedPrimaryIsReplacedWithoutTwoWriters", true, this::isolate);
    }

    @Test
    @Order(7)
    void primaryCutFromReplicasOnlyKeepsLeading() throws Exception {
        scenario("primaryCutFromReplicasOnlyKeepsLeading", false, primary -> {
            lab.cut(primary, List.of(lab.nodeAddress((primary + 1) % 3), lab.nodeAddress((primary + 2) % 3)));
            EtcdServer.sleep(TestTime.seconds(15).toMillis());
            if (!cluster.view().leader().equals(cluster.name(primary))) {
                throw new AssertionError("a partition between the nodes alone caused a failover");
            }
        });
    }

    @Test
    @Order(8)
    void primaryThatCannotHearEtcdOneWayDemotes() throws Exception {
        scenario("primaryThatCannotHearEtcdOneWayDemotes", false, primary -> {
            lab.deafen(primary, lab.etcdAddress());
            awaitNewLeader(primary);
        });
    }

    @Test
    @Order(9)
    void isolatedReplicaRejoinsAfterHeal() throws Exception {
        scenario("isolatedReplicaRejoinsAfterHeal", false, primary -> {
            lab.isolate((primary + 1) % 3);
            EtcdServer.sleep(TestTime.seconds(15).toMillis());
        });
    }

    @Test
    @Order(10)
    void switchoverUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        scenario("switchoverUnderLoadLosesNoAcknowledgedWrite", false, this::switchover);
    }
}
