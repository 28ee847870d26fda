package io.pgward.api;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pgward.ha.SyncState;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SwitchoverEndpointTest {

    private FakeOperations ops;
    private SwitchoverEndpoint endpoint;

    @BeforeEach
    void cluster() {
        ops = new FakeOperations().member("a", "primary", "running", false).member("b", "replica", "running", false)
                .member("c", "replica", "running", true);
        endpoint = new SwitchoverEndpoint(ops, FakeOperations::now);
    }

    private Reply post(Map<String, Object> body) {
        return endpoint.post(body, false);
    }

    @Test
    void switchoverNeedsTheLeader() {
        assertThat(post(Map.of("candidate", "b")).status()).isEqualTo(400);
    }

    @Test
    void sameSourceAndTarget() {
        assertThat(post(Map.of("leader", "a", "candidate", "a")).status()).isEqualTo(400);
    }

    @Test
    void wrongLeaderNameIs412() {
        Reply r = post(Map.of("leader", "b", "candidate", "c"));
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body().toString()).contains("the leader is a");
        assertThat(ops.failoverWritten).isNull();
    }

    @Test
    void unknownCandidateIs412() {
        Reply r = post(Map.of("leader", "a", "candidate", "zz"));
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body().toString()).contains("zz is not a member");
    }

    @Test
    void nofailoverCandidateIs412() {
        assertThat(post(Map.of("leader", "a", "candidate", "c")).status()).isEqualTo(412);
    }

    @Test
    void scheduledSwitchoverIsWrittenAnd202() {
        Reply r = post(Map.of("leader", "a", "candidate", "b", "scheduled_at", "2026-06-01T13:00:00+00:00"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(ops.failoverWritten).isEqualTo(Map.of("leader", "a", "member", "b",
                "scheduled_at", "2026-06-01T13:00:00+00:00"));
    }

    @Test
    void scheduleWithoutTimezoneIs400() {
        Reply r = post(Map.of("leader", "a", "scheduled_at", "2026-06-01T13:00:00"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().toString()).contains("Timezone information is mandatory");
    }

    @Test
    void scheduleInThePastIs422() {
        assertThat(post(Map.of("leader", "a", "scheduled_at", "2026-06-01T11:00:00+00:00")).status()).isEqualTo(422);
    }

    @Test
    void unparseableScheduleIs422() {
        assertThat(post(Map.of("leader", "a", "scheduled_at", "tomorrow")).status()).isEqualTo(422);
    }

    @Test
    void immediateSwitchoverWaitsForTheNewLeader() {
        ops.leaderAfterFailover = "b";
        Reply r = post(Map.of("leader", "a", "candidate", "b"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Successfully switched over to \"b\"");
        assertThat(ops.wakeups).isEqualTo(1);
    }

    @Test
    void failoverNeedsACandidateAndCannotBeScheduled() {
        assertThat(endpoint.post(Map.of(), true).status()).isEqualTo(400);
        assertThat(endpoint.post(Map.of("candidate", "b", "scheduled_at", "2026-06-01T13:00:00+00:00"), true).status())
                .isEqualTo(400);
    }

    @Test
    void deletingWhenNothingIsScheduledIs404() {
        assertThat(endpoint.delete().status()).isEqualTo(404);
    }

    @Test
    void synchronousModeRefusesAnAsyncCandidateAtOnce() {
        ops.config.put("synchronous_mode", true);
        ops.sync = new SyncState("a", List.of("d"), 3);
        ops.member("d", "replica", "running", false);
        Reply r = post(Map.of("leader", "a", "candidate", "b"));
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body().toString()).contains("b is not a synchronous standby").contains("d");
        assertThat(ops.failoverWritten).isNull();
    }

    @Test
    void synchronousModeAcceptsTheSyncStandby() {
        ops.config.put("synchronous_mode", true);
        ops.sync = new SyncState("a", List.of("b"), 3);
        ops.leaderAfterFailover = "b";
        assertThat(post(Map.of("leader", "a", "candidate", "b")).status()).isEqualTo(200);
        assertThat(ops.failoverWritten).isEqualTo(Map.of("leader", "a", "member", "b"));
    }

    @Test
    void synchronousModeWithoutSyncStandbyCannotSwitchOver() {
        ops.config.put("synchronous_mode", true);
        Reply r = post(Map.of("leader", "a"));
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body().toString()).contains("can not find sync_standby");
    }

    @Test
    void failoverToANofailoverCandidateIs412() {
        Reply r = endpoint.post(Map.of("candidate", "c"), true);
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body().toString()).contains("c is tagged nofailover");
    }

    @Test
    void failoverWithoutLeaderAcceptsAnyRunningCandidate() {
        ops.config.put("synchronous_mode", true);
        ops.sync = new SyncState("a", List.of("c"), 3);
        ops.leader = null;
        ops.leaderAfterFailover = "b";
        assertThat(endpoint.post(Map.of("candidate", "b"), true).status()).isEqualTo(200);
    }

    @Test
    void leaderDroppingTheRequestAnswers503WithoutWaitingOut() {
        ops.dropFailover = true;
        long start = System.nanoTime();
        Reply r = post(Map.of("leader", "a", "candidate", "b"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body().toString()).contains("dropped the request");
        assertThat(System.nanoTime() - start).isLessThan(java.time.Duration.ofSeconds(10).toNanos());
    }
}
