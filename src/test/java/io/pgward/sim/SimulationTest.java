package io.pgward.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationTest {

    /** Seeds per unit test run; each simulates 1.5 minutes of faults, then the liveness check. */
    private static final int SEEDS = 1000;
    private static final double MINUTES = 1.5;

    @Test
    void thousandSeedsOfRandomFaultsKeepEveryInvariant() {
        List<String> failures = new ArrayList<>();
        SimulationRun.Totals totals = SimulationRun.seeds(1, SEEDS, MINUTES, r -> failures.add(r.report()));
        System.out.println("simulation: " + totals.summary());
        assertThat(failures).as("seeds that broke an invariant (replay with scripts/simulate.sh --seed S)").isEmpty();
        assertThat(totals.faults()).as("faults injected").isGreaterThan(SEEDS * 5L);
        assertThat(totals.acknowledged()).as("acknowledged commits").isGreaterThan(SEEDS * 100L);
    }

    @Test
    void aSeedReplaysBitForBit() {
        SimResult first = new Simulation(SimOptions.forSeed(4242, 2)).run();
        SimResult again = new Simulation(SimOptions.forSeed(4242, 2)).run();
        assertThat(again.trace()).isEqualTo(first.trace());
        assertThat(again).isEqualTo(first);
        assertThat(first.faults()).isPositive();
        assertThat(first.replay()).isEqualTo("scripts/simulate.sh --seed 4242 --minutes 2.0");
    }

    @Test
    void differentSeedsTakeDifferentPaths() {
        SimResult a = new Simulation(SimOptions.forSeed(7, 2)).run();
        SimResult b = new Simulation(SimOptions.forSeed(9, 2)).run();
        assertThat(a.trace()).isNotEqualTo(b.trace());
    }
}
