package io.pgward.sim;

import io.pgward.config.DynamicConfig;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import io.pgward.ha.SyncPlanner;
import io.pgward.ha.SyncPlanner.StreamingStandby;
import io.pgward.ha.SyncState;

import java.util.ArrayList;
import java.util.List;

/**
 * The leader's synchronous replication duties, modelling {@code SyncReplication} in the same order: removing a
 * standby updates {@code sync} first and PostgreSQL second; adding one sets PostgreSQL first and lists it in
 * {@code sync} only once it has flushed everything the primary has. The choice is the real {@link SyncPlanner}.
 * Simplifications: PostgreSQL uses a new {@code synchronous_standby_names} at once (no checkpointer delay, so the
 * probe-commit proof always holds), and "caught up" is checked once per cycle instead of polled for 5 s.
 */
final class SimSync {

    private final SimAgent agent;

    SimSync(SimAgent agent) {
        this.agent = agent;
    }

    void manage(ClusterView view) {
        DynamicConfig cfg = view.config();
        SyncState current = view.sync();
        String me = agent.name;
        List<String> recorded = me.equals(current.leader()) ? current.standbys() : List.of();
        if (!cfg.synchronous()) {
            if (!recorded.isEmpty()) {
                agent.dcs.writeSync(WireFormat.syncJson(me, List.of()), current.revision());
            }
            applyNames(List.of());
            return;
        }
        List<StreamingStandby> streaming = new ArrayList<>();
        for (SimPostgres s : agent.sim.postgres()) {
            if (s.runningAsReplica() && s.streaming && me.equals(s.upstream)) {
                streaming.add(new StreamingStandby(s.node, s.lsn()));
            }
        }
        List<String> desired = SyncPlanner.choose(cfg, current, view.members(), streaming);
        List<String> kept = new ArrayList<>(recorded);
        kept.retainAll(desired);
        long revision = current.revision();
        if (!me.equals(current.leader()) || kept.size() < recorded.size()) {
            if (!agent.dcs.writeSync(WireFormat.syncJson(me, kept), revision)) {
                return;
            }
            revision = agent.dcs.syncRevision();
        }
        applyNames(names(cfg, kept));
        if (!desired.equals(kept)) {
            applyNames(names(cfg, desired));
            if (caughtUp(desired)) {
                agent.dcs.writeSync(WireFormat.syncJson(me, desired), revision);
                agent.sim.trace.add(me, "sync key now lists " + desired);
            }
        }
    }

    /** Before promoting in synchronous mode: record this node as the sync leader (compare-and-swap). */
    boolean claimForPromotion(ClusterView view) {
        DynamicConfig cfg = view.config();
        if (!cfg.synchronous()) {
            return true;
        }
        SyncState current = view.sync();
        List<String> others = new ArrayList<>(current.standbys());
        others.remove(agent.name);
        if (!agent.dcs.writeSync(WireFormat.syncJson(agent.name, others), current.revision())) {
            agent.sim.trace.add(agent.name, "the sync key changed while I was about to promote: postponing");
            return false;
        }
        applyNames(names(cfg, others));
        return true;
    }

    static List<String> names(DynamicConfig cfg, List<String> standbys) {
        if (standbys.isEmpty() && cfg.synchronousModeStrict()) {
            return List.of(SyncPlanner.STRICT_PLACEHOLDER);
        }
        return List.copyOf(standbys);
    }

    private boolean caughtUp(List<String> standbys) {
        long target = agent.pg.lsn();
        return standbys.stream().allMatch(n -> {
            SimPostgres s = agent.sim.postgresOf(n);
            return s.runningAsReplica() && s.streaming && agent.name.equals(s.upstream) && s.lsn() >= target;
        });
    }

    void applyNames(List<String> names) {
        if (!names.equals(agent.pg.syncNames)) {
            agent.pg.syncNames = names;
            agent.sim.clients.recheck(agent.pg);
        }
    }
}
