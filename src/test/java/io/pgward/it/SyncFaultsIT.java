package io.pgward.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Fault scenarios with synchronous_mode on: every acknowledged write must survive. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncFaultsIT extends FaultSuite {

    @Override
    boolean synchronous() {
        return true;
    }

    @Test
    @Order(1)
    void syncKilledPrimaryLosesNoAcknowledgedWrite() throws Exception {
        scenario("syncKilledPrimaryLosesNoAcknowledgedWrite", true, this::killAgentAndPostgres);
    }

    @Test
    @Order(2)
    void syncFrozenPrimaryAgentLosesNoAcknowledgedWrite() throws Exception {
        scenario("syncFrozenPrimaryAgentLosesNoAcknowledgedWrite", true, this::freezeAgent);
    }

    @Test
    @Order(3)
    void syncPrimaryCutFromEtcdLosesNoAcknowledgedWrite() throws Exception {
        scenario("syncPrimaryCutFromEtcdLosesNoAcknowledgedWrite", false, this::cutFromEtcd);
    }

    @Test
    @Order(4)
    void syncIsolatedPrimaryLosesNoAcknowledgedWrite() throws Exception {
        scenario("syncIsolatedPrimaryLosesNoAcknowledgedWrite", false, this::isolate);
    }

    @Test
    @Order(5)
    void syncSwitchoverUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        scenario("syncSwitchoverUnderLoadLosesNoAcknowledgedWrite", false, this::switchover);
    }
}
