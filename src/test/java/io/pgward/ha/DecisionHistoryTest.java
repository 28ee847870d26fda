package io.pgward.ha;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision history an operator reads (GET /decisions, pgward why, the dashboard). */
class DecisionHistoryTest {

    private static final Instant T = Instant.parse("2026-12-03T03:00:00Z");

    @Test
    void aRepeatedDecisionOnlyMovesItsTimeAndTheOldestGoFirst() {
        DecisionHistory h = new DecisionHistory(2);
        assertThat(h.record(T, new Action.Wait("a"))).isTrue();
        assertThat(h.record(T.plusSeconds(1), new Action.Wait("a"))).isFalse();
        h.record(T.plusSeconds(2), new Action.Wait("b"));
        h.record(T.plusSeconds(3), new Action.Wait("c"));
        assertThat(h.entries()).extracting(DecisionHistory.Entry::reason).containsExactly("b", "c");
    }

    @Test
    void howALongActionEndedIsRecordedBesideTheDecisions() {
        DecisionHistory h = new DecisionHistory(10);
        h.record(T, new Action.StartReplica("n1", "PostgreSQL is down: starting it as a replica of n1"));
        h.recordOutcome(T.plusSeconds(1), new TaskState(TaskState.Kind.START_REPLICA, false, true,
                "not started: pg_rewind failed (x); remove_data_directory_on_rewind_failure is false, so this node "
                        + TaskState.UNTIL_REINITIALIZED));
        h.recordOutcome(T.plusSeconds(2), new TaskState(TaskState.Kind.CLONE, false, false, "pg_basebackup failed"));
        assertThat(h.entries()).extracting(DecisionHistory.Entry::action)
                .containsExactly("StartReplica", "TaskFinished", "TaskFailed");
        assertThat(h.entries().get(1).reason()).startsWith("start as replica finished: not started: pg_rewind failed")
                .endsWith("stays stopped until it is reinitialized");
        assertThat(h.entries().get(2).reason()).isEqualTo("clone from the leader failed: pg_basebackup failed");
    }
}
