package io.pgward.ha;

import io.pgward.ha.Action.AcquireLeader;
import io.pgward.ha.Action.Bootstrap;
import io.pgward.ha.Action.CheckDivergence;
import io.pgward.ha.Action.ClearFailover;
import io.pgward.ha.Action.ClearStaleInitialize;
import io.pgward.ha.Action.Clone;
import io.pgward.ha.Action.Demote;
import io.pgward.ha.Action.DemoteMode;
import io.pgward.ha.Action.Fatal;
import io.pgward.ha.Action.Follow;
import io.pgward.ha.Action.LeadAsPrimary;
import io.pgward.ha.Action.Promote;
import io.pgward.ha.Action.ReleaseLeader;
import io.pgward.ha.Action.StartPrimary;
import io.pgward.ha.Action.StartReplica;
import io.pgward.ha.Action.Wait;
import io.pgward.ha.Action.WriteInitialize;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;

import java.time.Duration;

/**
 * The heart of pgward: a pure function from one {@link Observation} to the {@link Action} of this cycle.
 * No I/O and no clock: the order of the rules mirrors Patroni's HA cycle (docs/patroni-compatibility.md §3.1).
 */
public final class Decider {

    private Decider() {}

    public static Action decide(Observation o) {
        Action action = decideUnpaused(o);
        return o.paused() ? heldWhilePaused(action) : action;
    }

    /**
     * While paused nothing is stopped on pgward's own initiative: no demotion, no stop to rewind. Only the graceful
     * demotion of an operator's switchover goes ahead.
     */
    private static Action heldWhilePaused(Action action) {
        if (action instanceof Demote d && d.mode() != DemoteMode.GRACEFUL) {
            return new Wait("paused, so not acting on: " + d.reason());
        }
        if (action instanceof CheckDivergence d) {
            return new Wait("paused, so not acting on: " + d.reason());
        }
        return action;
    }

    private static Action decideUnpaused(Observation o) {
        if (o.task() != null && o.task().running()) {
            return taskInProgress(o);
        }
        if (!o.dcsReachable()) {
            return dcsUnreachable(o);
        }
        if (o.task() != null && o.task().failed(TaskState.Kind.BOOTSTRAP)) {
            return new Fatal("bootstrap failed (" + o.task().detail() + "); the initialize key was released and the"
                    + " data directory moved aside: fix the configuration and start the agent again");
        }
        if (o.holdsLeaderKey() && !o.leaseRenewed()) {
            if (o.paused()) {
                return new Wait("could not renew my leader lease in etcd, but the cluster is paused: PostgreSQL stays"
                        + " as it is");
            }
            if (failsafeHolds(o)) {
                return new Wait("could not renew my leader lease in etcd, but every member of the failsafe topology"
                        + " accepted POST /failsafe (" + o.failsafe().detail() + "): staying primary (failsafe_mode)");
            }
            return o.local().possiblyWritable()
                    ? new Demote(DemoteMode.IMMEDIATE_NOLOCK, "could not renew my leader lease in etcd: stepping down at once")
                    : new Wait("could not renew my leader lease in etcd");
        }
        var restore = RestoreRules.decide(o);
        if (restore.isPresent()) {
            return restore.get();
        }
        if (o.holdsLeaderKey() && o.task() != null && o.task().failed(TaskState.Kind.START_PRIMARY)) {
            return new ReleaseLeader("PostgreSQL failed to start as primary (" + o.task().detail()
                    + "): releasing the leader key so a replica can take over");
        }
        if (o.local().dataDir() == DataDir.EMPTY) {
            return withoutData(o);
        }
        return withData(o);
    }

    /** This cycle's POST /failsafe round confirmed that every member lets this primary go on. */
    private static boolean failsafeHolds(Observation o) {
        return o.failsafe() != null && o.failsafe().confirmed() && o.local().runningAsPrimary();
    }

    private static Action taskInProgress(Observation o) {
        TaskState t = o.task();
        if (o.holdsLeaderKey() && !o.leaseRenewed() && o.local().possiblyWritable() && !o.paused()
                && t.kind() != TaskState.Kind.BOOTSTRAP && !failsafeHolds(o)) {
            return new Demote(DemoteMode.IMMEDIATE_NOLOCK, "could not renew my leader lease in etcd while "
                    + t.kind().label() + " is in progress: stepping down at once");
        }
        // A bootstrap and a restore promote their PostgreSQL before they take the leader key.
        boolean createsCluster = t.kind() == TaskState.Kind.BOOTSTRAP || t.kind() == TaskState.Kind.RESTORE;
        if (!o.holdsLeaderKey() && o.dcsReachable() && o.local().runningAsPrimary() && !createsCluster
                && t.kind() != TaskState.Kind.START_PRIMARY) {
            return new Demote(DemoteMode.IMMEDIATE_NOLOCK, "running as primary without the leader key while "
                    + t.kind().label() + " is in progress");
        }
        return new Wait(t.kind().label() + " in progress" + (o.holdsLeaderKey() ? " (leader lease renewed)" : ""));
    }

    private static Action dcsUnreachable(Observation o) {
        if (o.paused()) {
            return new Wait("etcd is unreachable, but the cluster was paused when last seen: PostgreSQL stays as it is");
        }
        if (o.local().runningAsPrimary() && failsafeHolds(o)) {
            return new Wait("etcd is unreachable but every member of the failsafe topology accepted POST /failsafe ("
                    + o.failsafe().detail() + "): staying primary (failsafe_mode)");
        }
        String failsafe = o.failsafe() == null ? "" : " (failsafe_mode: " + o.failsafe().detail() + ")";
        if (o.local().runningAsPrimary()) {
            return new Demote(DemoteMode.OFFLINE,
                    "etcd is unreachable: stepping down to read-only before my leader lease can expire" + failsafe);
        }
        if (o.local().possiblyWritable()) {
            return new Demote(DemoteMode.OFFLINE, "etcd is unreachable and PostgreSQL does not answer but has no"
                    + " standby.signal (it may accept writes): stopping it before my leader lease can expire" + failsafe);
        }
        if (o.local().pg() == PgState.STOPPED && o.local().dataDir() == DataDir.PRESENT) {
            return new StartReplica(null, "etcd is unreachable: starting PostgreSQL read-only until it answers");
        }
        return new Wait("etcd is unreachable: staying as I am until it answers");
    }

    private static Action withoutData(Observation o) {
        ClusterView c = o.cluster();
        if (o.holdsLeaderKey()) {
            return new ReleaseLeader("my data directory is empty but I hold the leader key: releasing it");
        }
        if (o.paused()) {
            return new Wait("paused: not creating a data directory");
        }
        if (c.hasLeader()) {
            String source = CloneSource.choose(c, o.me(), o.now().toEpochMilli());
            if (source == null) {
                return new Wait("leader " + c.leader() + " has not published its address yet");
            }
            return new Clone(source, c.isLeader(source) ? "cloning from leader " + source
                    : "cloning from " + source + " (tagged clonefrom)");
        }
        if (c.initialize() == null) {
            if (o.nofailover()) {
                return new Wait("no cluster yet and this node is tagged nofailover: waiting for another node to bootstrap");
            }
            if (!o.canBootstrap()) {
                return new Wait("no cluster yet and this node has no bootstrap configuration: waiting for another node");
            }
            return new Bootstrap("no cluster in etcd: racing to bootstrap it");
        }
        if (c.initialize().isEmpty() && c.members().stream()
                .noneMatch(m -> !m.name().equals(o.me()) && "initializing new cluster".equals(m.state()))) {
            return new ClearStaleInitialize("the initialize key was left by a bootstrap whose node is gone"
                    + " (no member is initializing): clearing it so the cluster can be bootstrapped");
        }
        return new Wait(c.initialize().isEmpty() ? "waiting for another node to finish bootstrapping"
                : "waiting for a leader to clone from");
    }

    private static Action withData(Observation o) {
        ClusterView c = o.cluster();
        LocalState local = o.local();
        String init = c.initialize();
        if (init != null && !init.isEmpty() && local.systemId() != null && !init.equals(local.systemId())) {
            return new Fatal("the data directory belongs to a different cluster (system identifier "
                    + local.systemId() + ", etcd says " + init + "): refusing to touch it");
        }
        if ((init == null || init.isEmpty()) && !c.hasLeader() && local.runningAsPrimary() && local.systemId() != null) {
            return new WriteInitialize(local.systemId(), "the initialize key is missing: recording my system identifier");
        }
        if (local.pg() == PgState.STOPPED) {
            return pgStopped(o);
        }
        if (local.pg() == PgState.STARTING) {
            if (local.possiblyWritable() && c.hasLeader() && !o.holdsLeaderKey()) {
                return new Demote(DemoteMode.IMMEDIATE_NOLOCK, c.leader() + " holds the leader key but my PostgreSQL"
                        + " does not answer and has no standby.signal (it may accept writes): stopping it");
            }
            return new Wait("PostgreSQL is starting");
        }
        if (o.holdsLeaderKey()) {
            if (c.config().standbyCluster() != null) {
                return StandbyLeaderRules.lead(o, c.config().standbyCluster());
            }
            if (local.inRecovery()) {
                return new Promote("I hold the leader key and PostgreSQL is a standby: promoting");
            }
            return c.failover() == null ? new LeadAsPrimary("no action: I am the leader with the lock")
                    : Switchover.fromLeader(o);
        }
        if (c.hasLeader()) {
            return followLeader(o);
        }
        return leaderRace(o);
    }

    private static Action pgStopped(Observation o) {
        ClusterView c = o.cluster();
        if (o.paused()) {
            return new Wait("paused: PostgreSQL is stopped and stays so until resumed");
        }
        if (o.holdsLeaderKey() && c.config().standbyCluster() != null) {
            return StandbyLeaderRules.start(c.config().standbyCluster());
        }
        if (o.holdsLeaderKey()) {
            return new StartPrimary("PostgreSQL is down and I hold the leader key: restarting it in place");
        }
        if (c.hasLeader()) {
            Upstream.Choice up = Upstream.of(c, o.me());
            return new StartReplica(up.member(), c.timelineSource(), "PostgreSQL is down: starting it as a replica of "
                    + up.member() + (up.why() == null ? "" : " (" + up.why() + ")"));
        }
        return new StartReplica(null, "PostgreSQL is down and there is no leader: starting read-only to join the race");
    }

    private static Action followLeader(Observation o) {
        ClusterView c = o.cluster();
        LocalState local = o.local();
        if (!local.inRecovery()) {
            return new Demote(DemoteMode.IMMEDIATE_NOLOCK,
                    c.leader() + " holds the leader key but I run as primary: demoting at once");
        }
        Upstream.Choice up = Upstream.of(c, o.me());
        if (!up.member().equals(local.upstream())) {
            return new Follow(up.member(), c.timelineSource(), followReason(c, up, local.upstream()));
        }
        Duration notStreaming = o.notStreamingSince() == null ? Duration.ZERO
                : Duration.between(o.notStreamingSince(), o.now());
        if (!local.streaming() && notStreaming.compareTo(divergenceCheckAfter(c)) >= 0) {
            String from = up.cascading(c) ? up.member() + " (replicatefrom)" : "leader " + c.leader();
            String whose = up.cascading(c) ? "leader " + c.leader() + "'s timeline" : "its timeline";
            return new CheckDivergence(c.timelineSource(), "not streaming from " + from + " for " + notStreaming.toSeconds()
                    + "s: checking whether my WAL diverged from " + whose);
        }
        String following = up.cascading(c) ? "streaming from " + up.member() + " (replicatefrom), leader "
                + c.leader() : "following " + (c.config().standbyCluster() != null ? "standby leader " : "leader ")
                + c.leader();
        return new Wait("no action: " + following + (local.streaming() ? "" : " (not streaming yet)"));
    }

    private static String followReason(ClusterView c, Upstream.Choice up, String was) {
        String wasText = was == null ? "" : " (was " + was + ")";
        if (up.cascading(c)) {
            return "streaming from " + up.member() + " (replicatefrom), leader " + c.leader() + wasText;
        }
        if (up.why() != null) {
            return up.why() + wasText;
        }
        return "following new leader " + c.leader() + wasText;
    }

    /**
     * How long a replica may fail to stream before it checks for divergence: a replica started (or left running)
     * on a timeline the leader forked away from never streams, and nothing else would notice.
     */
    static Duration divergenceCheckAfter(ClusterView c) {
        return Duration.ofSeconds(Math.max(5, c.config().loopWait()));
    }

    /**
     * A candidate that answers but cannot win (not a synchronous standby, lagging too far) would keep a former
     * leader waiting for ever: after one ttl without a leader, the request is given up, as Patroni does.
     */
    private static boolean switchoverOverdue(Observation o) {
        return o.failoverSince() != null
                && !o.now().isBefore(o.failoverSince().plusSeconds(o.cluster().config().ttl()));
    }

    /** The node a switchover away from me hands over to still answers (else I may take the key back). */
    private static boolean switchoverTargetAlive(Observation o, FailoverRequest f) {
        return o.peers().stream().anyMatch(p -> p.reachable() && !p.nofailover()
                && (f.candidate() == null || f.candidate().equals(p.name())));
    }

    private static Action leaderRace(Observation o) {
        ClusterView c = o.cluster();
        LocalState local = o.local();
        FailoverRequest f = c.failover();
        if (o.paused()) {
            if (f != null && o.me().equals(f.candidate()) && f.scheduledAt() == null && local.runningAsReplica()) {
                return new AcquireLeader("paused, but a manual switchover names me: taking the leader key");
            }
            if (local.runningAsPrimary() && c.historyTimeline() <= local.timeline()) {
                return new AcquireLeader("paused, the cluster has no leader and I run as primary: taking the leader"
                        + " key back (an agent restarted while paused)");
            }
            return new Wait("paused: the cluster has no leader but no automatic failover happens while paused");
        }
        if (local.runningAsPrimary()) {
            if (c.historyTimeline() > local.timeline()) {
                return new Demote(DemoteMode.IMMEDIATE, "I run as primary on timeline " + local.timeline()
                        + " but the cluster moved to timeline " + c.historyTimeline() + ": demoting");
            }
            return new AcquireLeader("the cluster has no leader and I run as primary: taking the leader key back");
        }
        if (o.failsafeLeader() != null && !o.failsafeLeader().equals(o.me())) {
            return new Wait("the cluster has no leader key, but " + o.failsafeLeader() + " called my POST /failsafe as"
                    + " primary within ttl (failsafe_mode): it still runs as primary, so I do not race");
        }
        if (c.config().failsafeMode() && !c.failsafe().isEmpty() && !c.failsafe().containsKey(o.me())) {
            return new Wait("failsafe_mode: I am not in the failsafe topology the last leader wrote ("
                    + String.join(", ", c.failsafe().keySet()) + "), so I may not take over");
        }
        if (o.noRaceUntil() != null && o.now().isBefore(o.noRaceUntil())) {
            return new Wait("pre_promote refused my last promotion: not racing for the leader key until "
                    + o.noRaceUntil() + " (one ttl), so another node may take over");
        }
        if (f != null && o.me().equals(f.leader()) && switchoverTargetAlive(o, f)) {
            if (switchoverOverdue(o)) {
                return new ClearFailover("the switchover away from me has left the cluster without a leader for more"
                        + " than ttl (" + c.config().ttl() + "s): dropping the request so that any node may take over");
            }
            return new Wait("switchover away from me in progress: not racing for the leader key");
        }
        if (f != null && f.candidate() != null && f.scheduledAt() == null) {
            if (f.candidate().equals(o.me())) {
                return new AcquireLeader("manual failover to me: taking the leader key");
            }
            boolean candidateAlive = o.peers().stream().anyMatch(p -> p.name().equals(f.candidate()) && p.reachable());
            if (candidateAlive) {
                return new Wait("manual failover to " + f.candidate() + ": letting it take over");
            }
        }
        if (o.nofailover()) {
            return new Wait("the cluster has no leader but I am tagged nofailover: not racing");
        }
        SyncState sync = c.sync();
        if (c.config().synchronous() && sync.leader() != null && !sync.allowsPromotionOf(o.me())) {
            return new Wait("synchronous mode: only " + sync.leader() + (sync.standbys().isEmpty() ? ""
                    : " or " + String.join(", ", sync.standbys())) + " may take over, I am not a synchronous standby");
        }
        return HealthiestCheck.evaluate(o)
                .<Action>map(Wait::new)
                .orElseGet(() -> new AcquireLeader("the cluster has no leader and I am the healthiest node: taking the leader key"));
    }
}
