package io.pgward.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite with the opt-in fast profile (ttl 10, loop_wait 1, retry_timeout 3: below Patroni's minimum ttl)
 * in synchronous mode: with a lease this short the fence's deadline and the loop's demotion leave little slack, so
 * these check that no fault makes two writers or loses an acknowledged write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FastProfileFaultsIT extends FaultSuite {

    @Override
    boolean synchronous() {
        return true;
    }

    @Override
    void configure(ClusterFixture c) {
        c.ttl = 10;
        c.loopWait = 1;
        c.retryTimeout = 3;
        c.dcsExtra += "    fast_profile: true\n";
    }

    @Test
    @Order(1)
    void fastProfileKilledPrimaryLosesNoAcknowledgedWrite() throws Exception {
        scenario("fastProfileKilledPrimaryLosesNoAcknowledgedWrite", true, this::killAgentAndPostgres);
    }

    @Test
    @Order(2)
    void fastProfileFrozenPrimaryAgentMakesNoSecondWriter() throws Exception {
        scenario("fastProfileFrozenPrimaryAgentMakesNoSecondWriter", true, this::freezeAgent);
    }

    @Test
    @Order(3)
    void fastProfilePrimaryCutFromEtcdStepsDownBeforeItsLeaseRunsOut() throws Exception {
        scenario("fastProfilePrimaryCutFromEtcdStepsDownBeforeItsLeaseRunsOut", true, this::cutFromEtcd);
    }

    @Test
    @Order(4)
    void fastProfileIsolatedPrimaryIsReplacedWithoutTwoWriters() throws Exception {
        scenario("fastProfileIsolatedPrimaryIsReplacedWithoutTwoWriters", true, this::isolate);
    }

    @Test
    @Order(5)
    void fastProfileSwitchoverUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        scenario("fastProfileSwitchoverUnderLoadLosesNoAcknowledgedWrite", false, this::switchover);
    }
}
