package io.pgward.ha;

import io.pgward.ha.Action.AcquireLeader;
import io.pgward.ha.Action.Demote;
import io.pgward.ha.Action.DemoteMode;
import io.pgward.ha.Action.Wait;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** failsafe_mode: who stays primary without etcd, and who does not race while the primary still answers. */
class FailsafeRulesTest {

    @Test
    void aPrimaryCutFromEtcdStaysWhenEveryMemberAccepted() {
        Action a = Situation.node("a").etcdDown().primary(1, 5000).failsafeRound(true, "accepted by b, c").decide();
        assertThat(a).isInstanceOf(Wait.class);
        assertThat(a.reason()).contains("accepted POST /failsafe (accepted by b, c)").contains("staying primary");
    }

    @Test
    void aPrimaryCutFromEtcdDemotesWhenAMemberDidNotAccept() {
        Action a = Situation.node("a").etcdDown().primary(1, 5000)
                .failsafeRound(false, "not accepted by c: no answer (HttpConnectTimeoutException)").decide();
        assertThat(a).isInstanceOf(Demote.class);
        assertThat(((Demote) a).mode()).isEqualTo(DemoteMode.OFFLINE);
        assertThat(a.reason()).contains("(failsafe_mode: not accepted by c");
    }

    @Test
    void withoutARoundThePrimaryDemotesAsBefore() {
        Action a = Situation.node("a").etcdDown().primary(1, 5000).decide();
        assertThat(a).isInstanceOf(Demote.class);
        assertThat(a.reason()).doesNotContain("failsafe");
    }

    @Test
    void aFailedLeaseRenewalIsForgivenByAConfirmedRound() {
        Action a = Situation.node("a").leader("a").primary(1, 5000).renewFails().failsafeMode()
                .failsafeRound(true, "accepted by b").decide();
        assertThat(a).isInstanceOf(Wait.class);
        assertThat(a.reason()).contains("could not renew my leader lease").contains("failsafe_mode");
    }

    @Test
    void aFailedLeaseRenewalWithoutConfirmationStillStepsDownAtOnce() {
        Action a = Situation.node("a").leader("a").primary(1, 5000).renewFails().failsafeMode()
                .failsafeRound(false, "not accepted by b: 500 Running as a leader").decide();
        assertThat(a).isInstanceOf(Demote.class);
    }

    @Test
    void aConfirmedRoundDoesNotKeepAReplicaAnythingButAReplica() {
        Action a = Situation.node("b").etcdDown().replicaOf("a", 4000).failsafeRound(true, "x").decide();
        assertThat(a).isNotInstanceOf(Demote.class);
        assertThat(a.reason()).doesNotContain("staying primary");
    }

    @Test
    void aReplicaPingedByThePrimaryDoesNotRaceWhenTheLeaderKeyExpired() {
        Action a = Situation.node("b").noLeader().replicaOf("a", 4000).failsafeMode().failsafeTopology("a", "b")
                .pingedBy("a").peer("a", false, 5000).decide();
        assertThat(a).isInstanceOf(Wait.class);
        assertThat(a.reason()).contains("a called my POST /failsafe as primary within ttl");
    }

    @Test
    void withoutAPingTheHealthiestReplicaRacesAsUsual() {
        Action a = Situation.node("b").noLeader().replicaOf("a", 4000).failsafeMode().failsafeTopology("a", "b")
                .decide();
        assertThat(a).isInstanceOf(AcquireLeader.class);
    }

    @Test
    void aNodeOutsideTheFailsafeTopologyMayNotTakeOver() {
        Action a = Situation.node("d").noLeader().replicaOf("a", 4000).failsafeMode().failsafeTopology("a", "b", "c")
                .decide();
        assertThat(a).isInstanceOf(Wait.class);
        assertThat(a.reason()).contains("not in the failsafe topology").contains("a, b, c");
    }

    @Test
    void theFailsafePrimaryTakesItsKeyBackWhenEtcdReturns() {
        Action a = Situation.node("a").noLeader().primary(1, 5000).failsafeMode().failsafeTopology("a", "b")
                .pingedBy("a").decide();
        assertThat(a).isInstanceOf(AcquireLeader.class);
    }

    @Test
    void theTopologyMattersOnlyUnderFailsafeMode() {
        Action a = Situation.node("d").noLeader().replicaOf("a", 4000).failsafeTopology("a", "b").decide();
        assertThat(a).isInstanceOf(AcquireLeader.class);
    }
}
