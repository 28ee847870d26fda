package io.pgward.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdBudgetTest {

    @Test
    void aCallNobodyAnswersEndsAfterHalfOfRetryTimeoutSoAnIsolatedPrimaryStepsDownEarly() {
        assertThat(Agent.etcdBudget(10)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Agent.etcdBudget(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Agent.etcdBudget(1)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCallDuringAnEtcdElectionMayTakeThreeQuartersOfRetryTimeout() {
        // Regression: with retry_timeout 5 the budget was 2 s, shorter than the election a rejoining etcd member
        // forces, and the primary stepped down although a majority of members was healthy throughout.
        assertThat(Agent.etcdElectionBudget(5)).isEqualTo(Duration.ofMillis(3750));
        assertThat(Agent.etcdElectionBudget(10)).isEqualTo(Duration.ofMillis(7500));
        assertThat(Agent.etcdElectionBudget(1)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCycleThatFailsOnBothCallsStillDemotesWithinTheLeaseTtl() {
        // ttl >= loop_wait + 2 * retry_timeout is enforced by the configuration; the loop's own demotion comes after
        // at most loop_wait + 2 budgets, which must leave time to stop PostgreSQL before the lease runs out.
        for (int retry = 3; retry <= 30; retry++) {
            int loopWait = 10;
            int ttl = loopWait + 2 * retry;
            long worst = loopWait * 1000L + 2 * Agent.etcdElectionBudget(retry).toMillis();
            assertThat(worst).as("retry_timeout %d", retry).isLessThanOrEqualTo(ttl * 1000L);
        }
    }
}
