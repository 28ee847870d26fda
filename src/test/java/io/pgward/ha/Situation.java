package io.pgward.ha;

import io.pgward.config.DynamicConfig;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A readable builder of {@link Observation}s for decision tests: "node a, a replica, leader b, ...". */
final class Situation {

    String me = "a";
    boolean dcsUp = true;
    String leader;
    String initialize = "7300000000000000001";
    final List<Member> members = new ArrayList<>();
    Map<String, Object> config = new HashMap<>();
    FailoverRequest failover;
    long statusOptime;
    List<HistoryEntry> history = new ArrayList<>();
    boolean leaseRenewed = true;
    LocalState local = new LocalState(DataDir.PRESENT, "7300000000000000001", PgState.RUNNING, true, 1, 1000, null, true);
    TaskState task;
    final List<PeerStatus> peers = new ArrayList<>();
    SyncState sync = SyncState.EMPTY;
    boolean nofailover;
    Instant noRaceUntil;
    Instant notStreamingSince;
    Instant failoverSince;
    boolean pausedWhenLastSeen;
    int priority = 1;
    RestoreRequest restore;
    RestoreMark restoreMark;
    FailsafeCheck failsafeCheck;
    String failsafeLeader;
    Map<String, String> failsafeTopology = new java.util.LinkedHashMap<>();
    Instant now = Instant.parse("2026-06-01T12:00:00Z");

    static Situation node(String name) {
        Situation s = new Situation();
        s.me = name;
        return s;
    }

    Situation leader(String name) {
        leader = name;
        return member(name, "running");
    }

    Situation noLeader() {
        leader = null;
        return this;
    }

    Situation member(String name, String state) {
        members.removeIf(m -> m.name().equals(name));
        members.add(new Member(name, "http://h/" + name, "postgres://h:5432/postgres", "replica", state, 0, 1,
                null, false, 1, false, Map.of()));
        return this;
    }

    Situation initialize(String value) {
        initialize = value;
        return this;
    }

    Situation etcdDown() {
        dcsUp = false;
        return this;
    }

    Situation paused() {
        config.put("pause", true);
        return this;
    }

    Situation config(String key, Object value) {
        config.put(key, value);
        return this;
    }

    Situation renewFails() {
        leaseRenewed = false;
        return this;
    }

    Situation emptyDataDir() {
        local = LocalState.noData();
        return this;
    }

    Situation primary(int timeline, long wal) {
        local = new LocalState(DataDir.PRESENT, local.systemId(), PgState.RUNNING, false, timeline, wal, null, false);
        return this;
    }

    Situation replicaOf(String upstream, long wal) {
        local = new LocalState(DataDir.PRESENT, local.systemId(), PgState.RUNNING, true, 1, wal, upstream, true);
        return this;
    }

    Situation pg(PgState state) {
        local = new LocalState(local.dataDir(), local.systemId(), state, local.inRecovery(), local.timeline(),
                local.walPosition(), local.upstream(), false);
        return this;
    }

    Situation systemId(String id) {
        local = new LocalState(local.dataDir(), id, local.pg(), local.inRecovery(), local.timeline(),
                local.walPosition(), local.upstream(), local.streaming());
        return this;
    }

    Situation task(TaskState.Kind kind, boolean running, boolean succeeded) {
        task = new TaskState(kind, running, succeeded, "detail");
        return this;
    }

    Situation peer(String name, boolean inRecovery, long wal) {
        peers.add(new PeerStatus(name, true, inRecovery, wal, false, 1));
        return this;
    }

    Situation peer(PeerStatus p) {
        peers.add(p);
        return this;
    }

    Situation statusOptime(long optime) {
        statusOptime = optime;
        return this;
    }

    Situation history(HistoryEntry e) {
        history.add(e);
        return this;
    }

    Situation failover(String from, String to) {
        failover = new FailoverRequest(from, to, null);
        return this;
    }

    Situation scheduledSwitchover(String from, String to, Instant at) {
        failover = new FailoverRequest(from, to, at);
        return this;
    }

    /** A running replica streaming from the leader, as its member key shows it. */
    Situation streamingReplica(String name) {
        members.removeIf(m -> m.name().equals(name));
        members.add(new Member(name, "http://h/" + name, "postgres://h:5432/postgres", "replica", "running", 900, 1,
                "streaming", false, 1, false, Map.of()));
        return this;
    }

    /**
     * A member as its key shows it: running and streaming at {@code wal} unless {@code state}/{@code replication}
     * say otherwise, with the given tags; each member has its own port.
     */
    Situation member(String name, String state, String replication, long wal, Map<String, Object> tags) {
        members.removeIf(m -> m.name().equals(name));
        int port = 5432 + members.size() + 1;
        members.add(new Member(name, "http://h/" + name, "postgres://h:" + port + "/postgres", "replica", state, wal, 1,
                replication, false, 1, false, tags));
        return this;
    }

    /** A running, streaming replica at {@code wal} tagged {@code replicatefrom: upstream}. */
    Situation cascading(String name, String upstream, long wal) {
        return member(name, "running", "streaming", wal, Map.of("replicatefrom", upstream));
    }

    /** The local replica's WAL receiver has not streamed for {@code d}. */
    Situation notStreamingFor(java.time.Duration d) {
        local = new LocalState(local.dataDir(), local.systemId(), local.pg(), local.inRecovery(), local.timeline(),
                local.walPosition(), local.upstream(), false);
        notStreamingSince = now.minus(d);
        return this;
    }

    Situation restore(RestoreRequest r) {
        restore = r;
        return this;
    }

    Situation restoreMark(String id, boolean restored) {
        restoreMark = new RestoreMark(id, restored);
        return this;
    }

    Situation failsafeMode() {
        config.put("failsafe_mode", true);
        return this;
    }

    Situation failsafeRound(boolean confirmed, String detail) {
        failsafeCheck = new FailsafeCheck(confirmed, detail);
        return this;
    }

    Situation pingedBy(String primary) {
        failsafeLeader = primary;
        return this;
    }

    Situation failsafeTopology(String... names) {
        for (String n : names) {
            failsafeTopology.put(n, "http://h/" + n);
        }
        return this;
    }

    /** standby_cluster: the cluster replicates from {@code host:port} (remote upstream "remote host:port"). */
    Situation standbyCluster(String host, int port) {
        config.put("standby_cluster", Map.of("host", host, "port", port));
        return this;
    }

    Situation nofailover() {
        nofailover = true;
        priority = 0;
        return this;
    }

    Observation observe() {
        ClusterView view = dcsUp ? new ClusterView(leader, initialize, List.copyOf(members),
                DynamicConfig.fromMap(config), true, 1, failover, statusOptime, List.copyOf(history), sync, restore,
                failsafeTopology) : null;
        return new Observation(me, view, leaseRenewed, local, task, List.copyOf(peers), nofailover, priority, true, now,
                noRaceUntil, notStreamingSince, failoverSince, pausedWhenLastSeen, restoreMark, failsafeCheck,
                failsafeLeader);
    }

    Action decide() {
        return Decider.decide(observe());
    }
}
