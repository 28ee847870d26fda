package io.pgward.sim;

import io.pgward.dcs.WireFormat;
import io.pgward.ha.Action;
import io.pgward.ha.FailoverRequest;
import io.pgward.ha.HistoryEntry;
import io.pgward.ha.Member;
import io.pgward.ha.Observation;
import io.pgward.ha.SwitchoverCandidates;
import io.pgward.ha.TaskState.Kind;
import io.pgward.ha.Upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Carries an {@link Action} out against the simulated etcd and PostgreSQL, modelling {@code ActionExecutor}: the
 * same calls in the same order; long actions on the agent's single worker. What it leaves out: replication slots,
 * configuration files and reloads, bootstrap and clone (the simulated cluster starts with every node's data), restore
 * and standby-cluster actions, pre_promote, and the waits of a switchover (one look instead of 10 s of polling).
 */
final class SimExecutor {

    private final SimAgent agent;
    private final Simulation sim;
    private final SimSync sync;

    SimExecutor(SimAgent agent) {
        this.agent = agent;
        this.sim = agent.sim;
        this.sync = new SimSync(agent);
    }

    void execute(Action action, Observation o) {
        if (action instanceof Action.Wait) {
            return;
        } else if (action instanceof Action.StartPrimary) {
            agent.submit(Kind.START_PRIMARY, this::startPrimary,
                    this::runningOrWhy);
        } else if (action instanceof Action.StartReplica s) {
            agent.submit(Kind.START_REPLICA, () -> startReplica(s.upstream(), s.leader()),
                    this::runningOrWhy);
        } else if (action instanceof Action.LeadAsPrimary) {
            leaderHousekeeping(o);
        } else if (action instanceof Action.Promote) {
            promote(o);
        } else if (action instanceof Action.AcquireLeader) {
            acquire(o);
        } else if (action instanceof Action.Follow f) {
            follow(f.upstream(), f.leader());
        } else if (action instanceof Action.CheckDivergence d) {
            stopIfDiverged(d.leader());
        } else if (action instanceof Action.Demote d) {
            demote(d.mode(), o);
        } else if (action instanceof Action.ClearFailover) {
            agent.dcs.deleteFailover();
        } else if (action instanceof Action.ReleaseLeader) {
            agent.dcs.releaseLeader();
        } else if (action instanceof Action.ClearStaleInitialize) {
            agent.dcs.clearInitialize("");
        } else if (action instanceof Action.WriteInitialize w) {
            agent.dcs.writeInitialize(w.systemId());
        } else if (action instanceof Action.Fatal f) {
            sim.fatal(agent, f.reason());
        } else {
            throw new IllegalStateException("the simulation does not model " + action);
        }
    }

    private String runningOrWhy() {
        return agent.pg.running() ? null : "PostgreSQL is not running (state " + agent.pg.state + ")";
    }

    /**
     * {@code StartTasks.startPrimary}: data last run as a standby starts as a standby (the promotion follows); a
     * leader restarting in synchronous mode keeps requiring the standbys recorded in the sync key; primary data starts
     * only under a lease renewed just before (the check after the start is not modelled: starting takes no time here
     * between the renewal and the postmaster).
     */
    private long startPrimary() {
        var view = agent.lastView;
        if (view != null && view.config().synchronous() && agent.name.equals(view.sync().leader())
                && sim.options.has(SimOptions.Protection.SYNC_STANDBYS_KEPT_ON_RESTART)) {
            agent.pg.syncNames = SimSync.names(view.config(), view.sync().standbys());
        }
        boolean paused = view != null && view.config().pause();
        if (!agent.pg.standby && !paused && sim.options.has(SimOptions.Protection.LEASE_RENEWED_BEFORE_PRIMARY_START)) {
            long sent = sim.clock.now();
            if (!agent.dcs.renewLeader()) {
                throw new SimAgent.TaskFailed("not starting PostgreSQL as primary: my leader key expired or another"
                        + " node holds it now");
            }
            agent.leaseConfirmed(sent);
        }
        return sim.servers.startPostmaster(agent.name, agent.pg.standby, null) + 1;
    }

    /**
     * {@code StartTasks.startReplica}: first whether this WAL diverged from the leader's (fails closed when the
     * leader's PostgreSQL cannot be asked, as {@code RewindCheck}); if so pg_rewind, modelled as cutting the WAL back
     * to what it shares with the leader's.
     */
    private long startReplica(String upstream, String leader) {
        if (leader != null) {
            SimPostgres lead = sim.reachablePostgres(agent.name, leader);
            if (lead == null || !lead.running() || lead.standby) {
                throw new SimAgent.TaskFailed("cannot read leader " + leader + "'s timeline history: not starting yet");
            }
            if (!agent.pg.isPrefixOf(lead)) {
                sim.servers.rewind(agent.pg, lead);
            }
        }
        return sim.servers.startPostmaster(agent.name, true, upstream) + 1;
    }

    private void acquire(Observation o) {
        long sent = sim.clock.now();
        if (!agent.dcs.acquireLeader()) {
            return;
        }
        agent.leaseConfirmed(sent);
        sim.trace.add(agent.name, "acquired the leader key");
        if (o.cluster().failover() != null) {
            agent.dcs.deleteFailover();
        }
        if (o.local().runningAsReplica()) {
            promote(o);
        } else {
            leaderHousekeeping(o);
        }
    }

    private void promote(Observation o) {
        if (!sync.claimForPromotion(o.cluster())) {
            agent.dcs.releaseLeader();
            return;
        }
        agent.submit(Kind.PROMOTE, () -> 200 + sim.random.nextInt(1500), () -> promoteTask(o));
    }

    private String promoteTask(Observation o) {
        if (!agent.pg.runningAsReplica()) {
            return "PostgreSQL did not leave recovery (state " + agent.pg.state + ")";
        }
        int ended = agent.pg.timeline;
        long switchLsn = agent.pg.lsn();
        sim.servers.promote(agent.pg);
        appendHistory(o.cluster().history(), ended, switchLsn);
        return null;
    }

    private void appendHistory(List<HistoryEntry> known, int ended, long switchLsn) {
        List<HistoryEntry> history = new ArrayList<>(known);
        history.removeIf(e -> e.timeline() >= ended);
        history.add(new HistoryEntry(ended, switchLsn, "no recovery target specified", null, agent.name));
        agent.dcs.writeHistory(WireFormat.historyJson(history));
    }

    private void leaderHousekeeping(Observation o) {
        int timeline = o.local().timeline();
        if (timeline > 1 && o.cluster().history().stream().noneMatch(e -> e.timeline() == timeline - 1)) {
            appendHistory(o.cluster().history(), timeline - 1, agent.pg.switchLsn);
        }
        sync.manage(o.cluster());
        if (agent.pg.runningAsPrimary()) {
            agent.dcs.writeStatus(WireFormat.write(Map.of("optime", agent.pg.lsn())));
        }
    }

    private void follow(String upstream, String leader) {
        if (stopIfDiverged(leader)) {
            return;
        }
        agent.pg.upstream = upstream;
        agent.pg.streaming = false;
        sim.trace.add(agent.name, "now streaming from " + upstream);
    }

    private boolean stopIfDiverged(String leader) {
        SimPostgres lead = sim.reachablePostgres(agent.name, leader);
        if (lead == null || !lead.running() || agent.pg.isPrefixOf(lead)) {
            return false;
        }
        sim.trace.add(agent.name, "my WAL diverged from leader " + leader + ": stopping PostgreSQL to rewind it");
        sim.servers.stopPostgres(agent.name, true, "diverged");
        return true;
    }

    private void demote(Action.DemoteMode mode, Observation o) {
        if (mode == Action.DemoteMode.GRACEFUL && !candidateStreaming(o)) {
            sim.trace.add(agent.name, "switchover dropped: no candidate streams from me");
            agent.dcs.deleteFailover();
            return;
        }
        boolean fast = mode == Action.DemoteMode.OFFLINE || mode == Action.DemoteMode.GRACEFUL
                || mode == Action.DemoteMode.DEMOTE_CLUSTER;
        sim.servers.stopPostgres(agent.name, fast, "demote " + mode.name().toLowerCase());
        agent.leaseGone();
        agent.pg.syncNames = List.of();
        if (mode == Action.DemoteMode.GRACEFUL && !handOver(o)) {
            return;
        }
        if (mode == Action.DemoteMode.IMMEDIATE || mode == Action.DemoteMode.GRACEFUL) {
            try {
                agent.dcs.releaseLeader();
                sim.trace.add(agent.name, "released the leader key");
            } catch (SimEtcd.Unavailable e) {
                sim.trace.add(agent.name, "could not release the leader key: " + e.getMessage());
            }
        }
    }

    private List<Member> switchoverCandidates(Observation o) {
        FailoverRequest f = o.cluster().failover();
        return SwitchoverCandidates.of(o.cluster(), agent.name, f == null ? null : f.candidate()).stream()
                .filter(m -> m.connUrl() != null).toList();
    }

    private boolean candidateStreaming(Observation o) {
        for (Member m : switchoverCandidates(o)) {
            String feeder = Upstream.fedByLeaderThrough(o.cluster(), m.name());
            SimPostgres f = sim.postgresOf(feeder);
            if (f.runningAsReplica() && f.streaming && agent.name.equals(f.upstream)) {
                return true;
            }
        }
        return false;
    }

    /** The key is released only once a candidate has received everything up to the shutdown checkpoint. */
    private boolean handOver(Observation o) {
        WalRecord checkpoint = agent.pg.last();
        String confirmed = null;
        for (Member m : switchoverCandidates(o)) {
            SimPostgres c = sim.reachablePostgres(agent.name, m.name());
            if (c != null && c.running() && c.contains(checkpoint, agent.pg.wal.size() - 1)) {
                confirmed = m.name();
                break;
            }
        }
        if (confirmed == null || checkpoint.kind() != WalRecord.Kind.SHUTDOWN_CHECKPOINT) {
            sim.trace.add(agent.name, "switchover aborted: no candidate received the shutdown checkpoint;"
                    + " keeping the leader key");
            agent.dcs.deleteFailover();
            long sent = sim.clock.now();
            if (agent.dcs.renewLeader()) {
                agent.leaseConfirmed(sent);
                agent.leaseGone();
            }
            return false;
        }
        sim.trace.add(agent.name, confirmed + " has received everything up to the shutdown checkpoint: handing over");
        agent.dcs.writeStatus(WireFormat.write(Map.of("optime", agent.pg.lsn())));
        return true;
    }
}
