package io.pgward.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;

/**
 * failsafe_mode under partitions, each node and etcd on its own host: a primary cut from etcd only stays the only
 * writer and keeps its place (no outage); with etcd down while one replica cannot reach the primary, the primary
 * steps down; a primary cut from everything is replaced. Never two writers (the suite's checks).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailsafeFaultsIT extends FaultSuite {

    @Override
    boolean synchronous() {
        return false;
    }

    @Override
    void configure(ClusterFixture c) {
        c.dcsExtra = "    failsafe_mode: true\n";
    }

    private long twiceTheTtl() {
        return TestTime.seconds(2L * cluster.ttl).toMillis();
    }

    @Test
    @Order(1)
    void failsafePrimaryCutFromEtcdOnlyStaysTheOnlyWriter() throws Exception {
        scenario("failsafePrimaryCutFromEtcdOnlyStaysTheOnlyWriter", true, true, primary -> {
            lab.cut(primary, List.of(lab.etcdAddress()));
            EtcdServer.sleep(twiceTheTtl());
        });
    }

    @Test
    @Order(2)
    void failsafeEtcdDownWhileAReplicaCannotReachThePrimaryStepsDown() throws Exception {
        scenario("failsafeEtcdDownWhileAReplicaCannotReachThePrimaryStepsDown", true, primary -> {
            int replica = (primary + 1) % 3;
            lab.cut(replica, List.of(lab.nodeAddress(primary)));
            cluster.etcd.stop();
            try {
                EtcdServer.sleep(twiceTheTtl());
            } finally {
                cluster.etcd.start();
            }
        });
    }

    @Test
    @Order(3)
    void failsafeIsolatedPrimaryIsReplacedWithoutTwoWriters() throws Exception {
        scenario("failsafeIsolatedPrimaryIsReplacedWithoutTwoWriters", false, this::isolate);
    }
}
