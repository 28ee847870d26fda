package io.pgward.sim;

import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.LocalState.PgState;
import io.pgward.ha.PeerStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A whole pgward cluster on simulated time: three nodes, each a simulated PostgreSQL with its agent (running the real
 * {@code Decider}) and its fence, one simulated etcd, clients committing to every primary, and faults drawn from the
 * seed. Every event is followed by the invariant checks; a run is a pure function of its {@link SimOptions}.
 */
final class Simulation {

    static final List<String> NODES = List.of("n1", "n2", "n3");
    /** (4) After the faults stop: one leader with every replica streaming within this bound. */
    static final long LIVENESS_BOUND_MILLIS = 90_000;
    private static final long STABLE_MILLIS = 10_000;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    final SimOptions options;
    final Scheduler clock = new Scheduler();
    final Random random;
    final Network net = new Network();
    final SimEtcd etcd;
    final Trace trace;
    final Clients clients = new Clients(this);
    final Invariants invariants;
    final PostgresMechanics servers = new PostgresMechanics(this);
    private final Map<String, SimPostgres> postgres = new LinkedHashMap<>();
    private final Map<String, SimAgent> agents = new LinkedHashMap<>();
    private final Faults faults;
    private final List<SimPostgres> postgresList;
    long decisions;
    private long faultsEnd;

    Simulation(SimOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.trace = new Trace(clock, options.verbose());
        this.etcd = new SimEtcd(clock, net, this::etcdChanged);
        this.invariants = new Invariants(this, options.synchronous());
        this.faults = new Faults(this);
        for (String n : NODES) {
            SimPostgres pg = new SimPostgres(n);
            postgres.put(n, pg);
            agents.put(n, new SimAgent(this, pg, new SimFence(this, n, options.has(SimOptions.Protection.FENCE))));
        }
        postgresList = List.copyOf(postgres.values());
        faultsEnd = (long) (options.faultMinutes() * 60_000);
    }

    // ---- the cluster at the start: n1 primary and leader, n2 and n3 streaming from it ----

    private void createCluster() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ttl", options.ttl());
        config.put("loop_wait", options.loopWait());
        config.put("retry_timeout", options.retryTimeout());
        config.put("synchronous_mode", options.synchronous());
        etcd.seed(KeyLayout.CONFIG, WireFormat.write(config), 0);
        etcd.seed(KeyLayout.INITIALIZE, SimPostgres.SYSTEM_ID, 0);
        etcd.seed(KeyLayout.LEADER, "n1", etcd.grantForSeed(options.ttl()));
        SimPostgres primary = postgres.get("n1");
        primary.state = PgState.RUNNING;
        servers.append(primary, WalRecord.Kind.SHUTDOWN_CHECKPOINT, -1);
        for (SimPostgres pg : postgres.values()) {
            if (pg != primary) {
                pg.state = PgState.RUNNING;
                pg.standby = true;
                pg.upstream = "n1";
                pg.streaming = true;
                pg.wal.addAll(primary.wal);
            }
        }
        if (options.synchronous()) {
            etcd.seed(KeyLayout.SYNC, WireFormat.syncJson("n1", List.of("n2")), 0);
            primary.syncNames = List.of("n2");
        }
        trace.add("sim", "cluster created: n1 primary and leader, n2 and n3 streaming from it; "
                + (options.synchronous() ? "synchronous" : "asynchronous") + " mode, seed " + options.seed());
    }

    // ---- running ----

    SimResult run() {
        createCluster();
        for (SimAgent a : agents.values()) {
            a.start(random.nextInt(options.loopWait() * 1000));
        }
        for (SimPostgres pg : postgres.values()) {
            servers.scheduleReceiver(pg);
        }
        scheduleCommits();
        if (options.randomFaults()) {
            faults.scheduleRandom(10_000, faultsEnd);
        }
        clock.at(faultsEnd, this::healEverything);
        long end = faultsEnd + LIVENESS_BOUND_MILLIS;
        long convergedAt = -1;
        String violation = null;
        try {
            while (clock.runNext(end)) {
                invariants.afterEvent();
                if (clock.now() >= faultsEnd) {
                    if (converged()) {
                        if (convergedAt < 0) {
                            convergedAt = clock.now();
                            end = Math.min(end, convergedAt + STABLE_MILLIS);
                        }
                    } else if (convergedAt >= 0) {
                        convergedAt = -1;    // not stable yet: wait for the bound again
                        end = faultsEnd + LIVENESS_BOUND_MILLIS;
                    }
                }
            }
            if (convergedAt < 0) {
                throw new Invariants.Violation("(4) liveness: " + LIVENESS_BOUND_MILLIS / 1000 + " s after the faults"
                        + " stopped there is still no single leader with every replica streaming (" + describe() + ")");
            }
            finalChecks();
        } catch (Invariants.Violation v) {
            violation = v.getMessage();
            trace.add("check", "VIOLATION " + v.getMessage());
        }
        SimPostgres leader = etcd.leader() == null ? null : postgres.get(etcd.leader());
        String replay = options.randomFaults()
                ? "scripts/simulate.sh --seed " + options.seed() + " --minutes " + options.faultMinutes()
                : "the scripted scenario (Scenarios) with seed " + options.seed()
                        + (options.disabled().isEmpty() ? "" : ", without " + options.disabled());
        return new SimResult(options.seed(), options.synchronous(), replay, violation, trace.lines(), clock.now(),
                clock.executed(), decisions, faults.injected(), clients.acks.size(),
                leader == null ? -1 : invariants.lostOn(leader), convergedAt < 0 ? -1 : convergedAt - faultsEnd);
    }

    private void finalChecks() {
        invariants.fullPrefixCheck();
        SimPostgres leader = postgres.get(etcd.leader());
        if (options.synchronous()) {
            invariants.requireAllAcknowledgedOn(leader, "final leader");
        }
        long lost = invariants.lostOn(leader);
        if (lost > 0) {
            trace.add("check", "(5) asynchronous mode: " + lost + " acknowledged commits are not on the final leader "
                    + leader.node);
        }
    }

    /** One leader key holder running as primary, every other node running as its replica and streaming. */
    private boolean converged() {
        String leader = etcd.leader();
        if (leader == null || !etcd.holdsLeaderKey(leader) || !postgres.get(leader).runningAsPrimary()) {
            return false;
        }
        for (SimPostgres pg : postgres.values()) {
            if (!pg.node.equals(leader) && !(pg.runningAsReplica() && pg.streaming && leader.equals(pg.upstream))) {
                return false;
            }
        }
        return true;
    }

    private String describe() {
        StringBuilder b = new StringBuilder("leader key: " + etcd.leader());
        for (SimPostgres pg : postgres.values()) {
            SimAgent a = agents.get(pg.node);
            b.append("; ").append(pg.node).append(' ').append(pg.state.name().toLowerCase())
                    .append(pg.standby ? " standby of " + pg.upstream + (pg.streaming ? " streaming" : " not streaming")
                            : " primary").append(" tl").append(pg.timeline).append(", agent ")
                    .append(a.life.name().toLowerCase());
        }
        return b.toString();
    }

    private void scheduleCommits() {
        clock.after(150 + random.nextInt(100), () -> {
            clients.commitRound();
            scheduleCommits();
        });
    }

    // ---- what agents ask of the world ----

    List<SimPostgres> postgres() {
        return postgresList;
    }

    SimPostgres postgresOf(String node) {
        return postgres.get(node);
    }

    SimAgent agent(String node) {
        return agents.get(node);
    }

    /** The node's PostgreSQL as another node can reach it over the network; null when cut off. */
    SimPostgres reachablePostgres(String from, String node) {
        SimPostgres pg = postgres.get(node);
        return pg != null && net.connected(from, node) ? pg : null;
    }

    /**
     * GET /patroni of every other node: answered by its agent (a frozen or dead agent does not answer) from its
     * PostgreSQL's current state.
     */
    List<PeerStatus> probePeers(String me) {
        List<PeerStatus> out = new ArrayList<>();
        for (SimAgent a : agents.values()) {
            if (a.name.equals(me)) {
                continue;
            }
            if (a.life != SimAgent.Life.RUNNING || !net.connected(me, a.name)) {
                out.add(PeerStatus.unreachable(a.name));
            } else {
                out.add(new PeerStatus(a.name, true, !a.pg.runningAsPrimary(), a.pg.running() ? a.pg.lsn() : 0,
                        false, 1));
            }
        }
        return out;
    }

    boolean etcdAnswers(String node) {
        return etcd.hasMajority() && net.reachesEtcd(node);
    }

    /**
     * How long a failing etcd call takes: half of retry_timeout (at least 2 s) when nobody answers, 3/4 of it while
     * the members answer "no leader" (lost majority) — the budgets of {@code Agent.etcdBudget}.
     */
    long etcdFailureMillis() {
        int retry = options.retryTimeout();
        return etcd.hasMajority() ? Math.max(2, retry / 2) * 1000L : Math.max(2000, retry * 750L);
    }

    Instant instant() {
        return EPOCH.plusMillis(clock.now());
    }

    void fatal(SimAgent agent, String reason) {
        trace.add(agent.name, "agent stops: " + reason);
        agent.kill();
    }

    /** The etcd watch: a change of any key but a member key wakes every agent that can reach etcd. */
    private void etcdChanged(String key) {
        if (key.startsWith(KeyLayout.MEMBERS)) {
            return;
        }
        for (SimAgent a : agents.values()) {
            if (net.reachesEtcd(a.name)) {
                a.wakeup();
            }
        }
    }

    // ---- faults ----

    void healEverything() {
        trace.add("sim", "faults stop: every partition healed, every agent running, etcd whole");
        net.healAll();
        etcd.setMembersUp(3);
        for (SimAgent a : agents.values()) {
            a.thaw();
            a.restart();
        }
    }

    /** An operator's switchover, validated like POST /switchover (SwitchoverCandidates), written to etcd. */
    void switchover(String candidate) {
        String leader = etcd.leader();
        if (leader == null || !etcd.hasMajority()) {
            trace.add("op", "switchover not requested: " + (leader == null ? "no leader" : "etcd has no majority"));
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        etcd.range("operator").forEach((k, e) -> values.put(k, e.value()));
        var view = WireFormat.clusterView(values, 0);
        if (io.pgward.ha.SwitchoverCandidates.of(view, leader, candidate).isEmpty()) {
            trace.add("op", "switchover to " + (candidate == null ? "any replica" : candidate) + " refused: no candidate");
            return;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("leader", leader);
        if (candidate != null) {
            request.put("member", candidate);
        }
        etcd.put("operator", KeyLayout.FAILOVER, WireFormat.write(request), 0);
        trace.add("op", "switchover requested from " + leader + " to " + (candidate == null ? "any replica" : candidate));
    }

    /** A scripted event for tests: {@code action} at {@code atMillis} of simulated time. */
    void at(long atMillis, Runnable action) {
        clock.at(atMillis, action);
    }
}
