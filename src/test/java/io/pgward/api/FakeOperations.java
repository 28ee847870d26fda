package io.pgward.api;

import io.pgward.config.DynamicConfig;
import io.pgward.ha.ClusterView;
import io.pgward.ha.FailoverRequest;
import io.pgward.ha.Member;
import io.pgward.ha.SyncState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory stand-in for the agent behind the REST endpoints (unit tests of the endpoints' rules only). */
final class FakeOperations implements Operations {

    String leader = "a";
    final List<Member> members = new ArrayList<>();
    Map<String, Object> config = new LinkedHashMap<>(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10));
    long revision = 7;
    boolean casFails;
    Map<String, Object> failoverWritten;
    FailoverRequest failover;
    int wakeups;
    /** When set, readCluster() reports this leader once a failover key was written. */
    String leaderAfterFailover;
    SyncState sync = SyncState.EMPTY;
    /** When set, the written failover key vanishes at once, as when the leader discards the request. */
    boolean dropFailover;
    RestartRequest scheduledRestart;
    /** When set, readCluster() fails as when etcd cannot be reached. */
    boolean readFails;

    FakeOperations member(String name, String role, String state, boolean nofailover) {
        members.add(new Member(name, "http://127.0.0.1/" + name, "postgres://127.0.0.1:5432/postgres", role, state,
                100, 1, "streaming", nofailover, nofailover ? 0 : 1, false, Map.of()));
        return this;
    }

    /** What liveStandbyWal() answers; empty by default (as a primary, or a standby that does not answer). */
    java.util.Optional<io.pgward.postgres.StandbyWal> liveWal = java.util.Optional.empty();

    @Override
    public java.util.Optional<io.pgward.postgres.StandbyWal> liveStandbyWal() {
        return liveWal;
    }

    @Override
    public ClusterView readCluster() {
        if (readFails) {
            throw new io.pgward.PgwardException(io.pgward.PgwardException.Code.DCS_UNREACHABLE, "etcd cannot be reached");
        }
        String l = failoverWritten != null && leaderAfterFailover != null ? leaderAfterFailover : leader;
        List<Member> ms = members.stream().map(m -> m.name().equals(l) ? new Member(m.name(), m.apiUrl(), m.connUrl(),
                "primary", m.state(), m.walPosition(), m.timeline(), null, m.nofailover(), m.failoverPriority(),
                m.nosync(), m.tags()) : m).toList();
        return new ClusterView(l, "1", ms, DynamicConfig.fromMap(config), config != null, revision, failover, 0, List.of(),
                sync);
    }

    @Override
    public boolean writeConfig(Map<String, Object> c, long expectedRevision) {
        if (casFails || expectedRevision != revision) {
            return false;
        }
        config = c;
        revision++;
        return true;
    }

    @Override
    public void writeFailover(Map<String, Object> request) {
        failoverWritten = request;
        if (!dropFailover) {
            failover = new FailoverRequest((String) request.get("leader"), (String) request.get("member"), null);
        }
    }

    @Override
    public void deleteFailover() {
        failover = null;
    }

    @Override
    public String restart(Duration timeout) {
        return "restarted";
    }

    @Override
    public String reinitialize(boolean fromLeader) {
        return "reinitialize started";
    }

    @Override
    public boolean scheduleRestart(RestartRequest request) {
        if (scheduledRestart != null) {
            return false;
        }
        scheduledRestart = request;
        return true;
    }

    @Override
    public boolean cancelScheduledRestart() {
        boolean had = scheduledRestart != null;
        scheduledRestart = null;
        return had;
    }

    @Override
    public String reload() {
        return "reloaded";
    }

    @Override
    public void wakeup() {
        wakeups++;
    }

    static Instant now() {
        return Instant.parse("2026-06-01T12:00:00Z");
    }

    @Override
    public BackupControl backups() {
        return null;
    }
}
