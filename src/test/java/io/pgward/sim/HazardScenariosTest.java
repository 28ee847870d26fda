package io.pgward.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripted hazards, with and without the protection that prevents them. */
class HazardScenariosTest {

    @Test
    void frozenPrimaryAgentWithoutFenceAcknowledgesCommitsWithoutTheLease() {
        SimResult r = Scenarios.frozenPrimaryAgent(1, false, false).run();
        assertThat(r.violation()).as(r.report()).startsWith("(1) n1 acknowledged commit");
        assertThat(r.report()).contains("seed 1 (asynchronous mode)", "replay: the scripted scenario (Scenarios) with"
                + " seed 1, without [FENCE]", "n1    agent frozen (SIGSTOP)");
    }

    @Test
    void frozenPrimaryAgentIsStoppedByTheFenceBeforeItsLeaseExpires() {
        for (boolean sync : new boolean[] {false, true}) {
            SimResult r = Scenarios.frozenPrimaryAgent(1, sync, true).run();
            assertThat(r.violation()).as(r.report()).isNull();
            assertThat(r.trace()).as(r.report()).anyMatch(l -> l.contains("n1    fence: the lease deadline passed"));
            assertThat(r.trace()).as(r.report()).anyMatch(l -> l.matches(".*n[23] +promoted.*"));
            assertThat(r.lost()).isZero();
        }
    }

    @Test
    void switchoverHandsOverAfterTheCandidateHasEverythingAndLosesNothing() {
        for (boolean sync : new boolean[] {false, true}) {
            SimResult r = Scenarios.switchover(3, sync).run();
            assertThat(r.violation()).as(r.report()).isNull();
            assertThat(r.trace()).as(r.report()).anyMatch(l -> l.matches(".*n1 +n[23] has received everything up to"
                    + " the shutdown checkpoint: handing over"));
            assertThat(r.trace()).as(r.report()).anyMatch(l -> l.matches(".*n[23] +promoted.*"));
            assertThat(r.lost()).as(r.report()).isZero();
        }
    }

    /**
     * Seed 1267 (found by the simulation while its model of StartPrimary lacked this step): etcd loses its majority,
     * the synchronous leader steps down and restarts in place, its agent freezes before its next cycle, a commit is
     * acknowledged, the synchronous standby crashes and is promoted after the lease expires. Restarted without its
     * recorded synchronous standbys, the old leader acknowledged that commit asynchronously.
     */
    @Test
    void synchronousLeaderRestartedWithoutItsRecordedStandbysLosesAnAcknowledgedCommit() {
        SimOptions seed = SimOptions.forSeed(1267, 4);
        // with the renewal before a primary start this seed's restart happens elsewhere: replayed as found, without it
        SimResult without = new Simulation(seed.without(SimOptions.Protection.SYNC_STANDBYS_KEPT_ON_RESTART)
                .without(SimOptions.Protection.LEASE_RENEWED_BEFORE_PRIMARY_START)).run();
        assertThat(without.violation()).as(without.report()).startsWith("(2) synchronous mode: commit");
        SimResult with = new Simulation(seed).run();
        assertThat(with.violation()).as(with.report()).isNull();
    }

    /**
     * A hazard the simulation found in the agent: the primary's postmaster crashes, the agent decides StartPrimary (it
     * holds the key), and a pause longer than the lease falls between the decision and the action. The fence fires
     * at the deadline with nothing to stop, a replica takes over, and the thawed agent started its PostgreSQL as a
     * writable primary without the key until its next cycle demoted it: with seed 4 a client's commit landed in that
     * window. {@code StartTasks.startPrimary} now renews the lease just before starting a primary.
     */
    @Test
    void staleStartPrimaryAfterAPauseLongerThanTheLeaseAcknowledgesWithoutTheKey() {
        SimResult without = Scenarios.staleStartPrimary(4, false,
                SimOptions.Protection.LEASE_RENEWED_BEFORE_PRIMARY_START).run();
        assertThat(without.violation()).as(without.report()).startsWith("(1) n1 acknowledged commit");
        assertThat(without.trace()).as(without.report()).anyMatch(l -> l.contains("n1    postmaster starting as primary"));

        SimResult with = Scenarios.staleStartPrimary(4, false).run();
        assertThat(with.violation()).as(with.report()).isNull();
        assertThat(with.trace()).as(with.report()).noneMatch(l -> l.contains("n1    postmaster starting as primary"));
    }
}
