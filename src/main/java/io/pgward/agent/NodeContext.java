package io.pgward.agent;

import io.pgward.config.Config;
import io.pgward.config.DynamicConfig;
import io.pgward.config.EffectiveSettings;
import io.pgward.config.StandbyCluster;
import io.pgward.dcs.Dcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.DecisionHistory;
import io.pgward.ha.LocalState;
import io.pgward.ha.Member;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.SlotNames;
import io.pgward.postgres.StandbySettings;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the agent's parts share: configuration, the store, the local server, and the latest observations. */
public final class NodeContext {

    /** Swapped atomically by a reload; read it once per use. */
    volatile Config config;
    public final Dcs dcs;
    public final PostgresNode postgres;
    public final DecisionHistory decisions = new DecisionHistory(100);
    public final io.pgward.ha.AgentCounters counters = new io.pgward.ha.AgentCounters();
    final FailsafeRecord failsafe = new FailsafeRecord();
    volatile ClusterView lastView;
    volatile LocalState lastLocal = LocalState.noData();
    volatile Instant dcsLastSeen;
    /** Set by long actions ("initializing new cluster", "creating replica", ...); null: derive from PostgreSQL. */
    volatile String stateOverride;
    /**
     * Why pg_rewind failed, when remove_data_directory_on_rewind_failure is false: the node then stays stopped (no
     * second rewind over a half-rewound directory) until a reinit clears it or the agent restarts.
     */
    volatile String rewindFailure;
    LeaseGuard leaseGuard;
    /** The process that stops PostgreSQL if this agent freezes or dies while leading; null in unit tests. */
    volatile io.pgward.postgres.Fence fence;
    /** Settings that take effect only after a restart, with old and new values; empty when none. */
    volatile Map<String, Map<String, String>> pendingRestart = Map.of();
    /** Set when pre_promote refused a promotion: this node does not race for the key before then. */
    volatile java.time.Instant noRaceUntil;
    /** Since when this running replica has not been streaming; null while it streams or is not a replica. */
    java.time.Instant notStreamingSince;
    /** The failover/switchover request last seen in etcd and since when; null when there is none. */
    io.pgward.ha.FailoverRequest failoverSeen;
    java.time.Instant failoverSince;
    /** A restart requested for later through the REST API, or null. */
    volatile ScheduledRestart scheduledRestart;
    /** synchronous_standby_names while this node leads in synchronous mode; null when not managed. */
    volatile String syncStandbyNames;
    /** Why commits are held (see {@link CommitHoldWatch}), null while they are not. */
    private volatile String commitHold;
    /** When the current hold began, null while commits are not held. */
    private volatile Instant commitHoldSince;
    /** The last postgresql.conf written: what a hold rewrites (guarded by confLock, as the file itself). */
    private WrittenConf lastConf;
    private final Object confLock = new Object();
    /** pgBackRest on this node (its configuration file, stanza and backups). */
    final NodeBackups backups = new NodeBackups(this);
    /** The routers (HAProxy, PgBouncer) this node tells of its role changes, when configured. */
    final io.pgward.routing.Routers routers = new io.pgward.routing.Routers();
    /** Whether the routers were told that this node is the primary since it last was not (or the agent started). */
    volatile boolean announcedPrimary;
    private volatile boolean warnedDefaultHba;
    private volatile String writtenPassfile;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeContext.class);

    NodeContext(Config config, Dcs dcs, PostgresNode postgres) {
        this.config = config;
        this.dcs = dcs;
        this.postgres = postgres;
    }

    /**
     * The leader key was created or renewed by a request sent at {@code sentAtNanos} (monotonic). The deadline comes
     * from the lease the key lives on, not from the view read before (after a restart that is bootstrap.dcs.ttl, which
     * may be far longer than the cluster's ttl).
     */
    void leaseConfirmed(long sentAtNanos) {
        ClusterView view = lastView;
        if (view != null && view.config().pause()) {
            leaseGone();    // paused: nothing stops PostgreSQL on its own, as Patroni disables its watchdog
            return;
        }
        long ttl = dcs.leaseTtlSeconds();
        if (leaseGuard != null) {
            leaseGuard.renewed(sentAtNanos, ttl);
        }
        if (fence != null) {
            long elapsed = (System.nanoTime() - sentAtNanos) / 1_000_000;
            fence.arm(ttl * 1000 - LeaseGuard.marginMillis(ttl) - elapsed, dcs.leaseId());
        }
    }

    /** This node does not lead (any more): nothing to fence. */
    void leaseGone() {
        if (leaseGuard != null) {
            leaseGuard.disarm();
        }
        if (fence != null) {
            fence.disarm();
        }
    }

    public String name() {
        return config.name();
    }

    /** This node's PostgreSQL runs read-write now: tell the routers, naming the members that no longer do. */
    void announcePrimary() {
        ClusterView view = lastView;
        List<String> others = new ArrayList<>();
        if (view != null) {
            view.members().stream().map(Member::name).filter(n -> !n.equals(name())).forEach(others::add);
        }
        announcedPrimary = true;
        routers.becamePrimary(config, others);
    }

    public ClusterView lastView() {
        return lastView;
    }

    public LocalState lastLocal() {
        return lastLocal;
    }

    public Instant dcsLastSeen() {
        return dcsLastSeen;
    }

    DynamicConfig dynamic() {
        ClusterView v = lastView;
        return v != null && v.configPresent() ? v.config() : DynamicConfig.fromMap(config.bootstrap().dcs());
    }

    /** The GUCs this node's PostgreSQL gets, with the node-local ones pgward adds. */
    Map<String, String> parameters() {
        EffectiveSettings.Result r = EffectiveSettings.parameters(config, dynamic());
        Map<String, String> p = new TreeMap<>(r.parameters());
        if (!p.containsKey("unix_socket_directories") && !Files.isDirectory(Path.of("/var/run/postgresql"))) {
            p.put("unix_socket_directories", "/tmp");
        }
        standbyClusterRecovery(p);
        String sync = syncStandbyNames;
        if (sync != null) {
            p.put("synchronous_standby_names", sync);
        }
        p.putIfAbsent("hba_file", config.postgresql().configDir().resolve("pg_hba.conf").toString());
        p.putIfAbsent("ident_file", config.postgresql().configDir().resolve("pg_ident.conf").toString());
        return p;
    }

    /**
     * In a standby cluster, its restore_command and archive_cleanup_command (over the backup section's) on every
     * member, and recovery_min_apply_delay on the standby leader only, as Patroni sets them.
     */
    private void standbyClusterRecovery(Map<String, String> p) {
        StandbyCluster standby = dynamic().standbyCluster();
        if (standby == null) {
            return;
        }
        if (standby.restoreCommand() != null) {
            p.put("restore_command", standby.restoreCommand());
        }
        if (standby.archiveCleanupCommand() != null) {
            p.put("archive_cleanup_command", standby.archiveCleanupCommand());
        }
        ClusterView view = lastView;
        if (standby.recoveryMinApplyDelay() != null && view != null && view.isLeader(name())) {
            p.put("recovery_min_apply_delay", standby.recoveryMinApplyDelay());
        }
    }

    private record WrittenConf(Map<String, String> parameters, StandbySettings standby) {}

    /**
     * Writes postgresql.conf and, when the cluster has a backup section, pgBackRest's configuration with it; a
     * primary's file gets the commit hold's settings while commits are held.
     */
    void writePostgresqlConf(Map<String, String> parameters, StandbySettings standby) {
        synchronized (confLock) {
            lastConf = new WrittenConf(parameters, standby);
            postgres.files().writePostgresqlConf(standby == null && commitHold != null
                    ? CommitHoldWatch.heldParameters(parameters) : parameters, standby);
        }
        backups.writeConfig(parameters);
    }

    /**
     * Holds commits ({@code reason}) or releases them (null): rewrites the last postgresql.conf written, with or
     * without the hold's settings, if it was a primary's. A standby's file is never touched: there the hold means
     * nothing, and the next file a start or promotion writes follows the hold as it is then. True if it rewrote it.
     */
    boolean holdCommits(String reason) {
        synchronized (confLock) {
            WrittenConf last = lastConf;
            boolean primaryConf = last != null && last.standby() == null;
            if (primaryConf) {
                postgres.files().writePostgresqlConf(reason == null ? last.parameters()
                        : CommitHoldWatch.heldParameters(last.parameters()), null);
            }
            commitHold = reason;
            commitHoldSince = reason == null ? null : Instant.now();
            return primaryConf;
        }
    }

    /** Why commits are held, null while they are not. */
    String commitHold() {
        return commitHold;
    }

    Instant commitHoldSince() {
        return commitHoldSince;
    }

    Map<String, String> commandLineGucs(Map<String, String> parameters) {
        Map<String, String> cmd = new LinkedHashMap<>();
        for (String guc : EffectiveSettings.commandLineGucs()) {
            if (parameters.containsKey(guc)) {
                cmd.put(guc, parameters.get(guc));
            }
        }
        for (String guc : List.of("listen_addresses", "port", "cluster_name")) {
            cmd.put(guc, parameters.get(guc));
        }
        return cmd;
    }

    List<String> pgHba() {
        List<String> lines = EffectiveSettings.pgHba(config, dynamic());
        if (lines != null) {
            return lines;
        }
        List<String> safe = DefaultHba.lines(config);
        if (!warnedDefaultHba) {
            warnedDefaultHba = true;
            log.warn("no pg_hba is configured (postgresql.pg_hba or bootstrap.dcs.postgresql.pg_hba): writing a safe"
                    + " default instead of initdb's: {}", String.join(" | ", safe));
        }
        return safe;
    }

    List<String> pgIdent() {
        List<String> lines = EffectiveSettings.pgIdent(config, dynamic());
        return lines != null ? lines : List.of();
    }

    boolean useSlots() {
        return dynamic().useSlots();
    }

    /**
     * Standby settings that stream from {@code upstream}: a member, or the remote primary of a standby cluster
     * ({@link StandbyCluster#upstreamName()}); null: no upstream.
     */
    StandbySettings standbyOf(String upstream) {
        if (upstream == null) {
            return StandbySettings.none(name());
        }
        if (StandbyCluster.isRemote(upstream)) {
            return remoteStandby(upstream);
        }
        Member m = lastView == null ? null : lastView.member(upstream).orElse(null);
        if (m == null || m.connUrl() == null) {
            return new StandbySettings(upstream, null, 0, null, null, Map.of(), name(), null);
        }
        URI uri = URI.create(m.connUrl());
        return streamingFrom(upstream, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                useSlots() ? SlotNames.forMember(name()) : null);
    }

    /**
     * The standby cluster's remote primary, as the dynamic configuration names it now (a changed host is followed
     * at once); without standby_cluster (promote-cluster) or with restore_command alone: no streaming.
     */
    private StandbySettings remoteStandby(String recorded) {
        StandbyCluster standby = dynamic().standbyCluster();
        if (standby == null || !standby.streams()) {
            String name = standby == null ? recorded : standby.upstreamName();
            return new StandbySettings(name, null, 0, null, null, Map.of(), name(), null);
        }
        String host = standby.host() == null ? "localhost" : standby.host();
        return streamingFrom(standby.upstreamName(), host, standby.portOrDefault(),
                useSlots() ? standby.primarySlotName() : null);
    }

    private StandbySettings streamingFrom(String upstream, String host, int port, String slot) {
        var repl = config.postgresql().authentication().replication();
        Map<String, String> options = repl.options();
        if (repl.password() != null) {
            options = new java.util.HashMap<>(options);
            options.putIfAbsent("passfile", replicationPassfile(repl.username(), repl.password()).toString());
        }
        return new StandbySettings(upstream, host, port, repl.username(), repl.password(), options, name(), slot);
    }

    /**
     * The replication password's passfile ({@code postgresql.pgpass}, else {@code <data_dir>.pgpass}; 0600, the
     * PostgreSQL user's), written when its content changes: primary_conninfo names it instead of holding the password.
     */
    private Path replicationPassfile(String user, String password) {
        Path dataDir = config.postgresql().dataDir();
        Path file = config.postgresql().pgpass() != null ? config.postgresql().pgpass()
                : dataDir.resolveSibling(dataDir.getFileName() + ".pgpass");
        String content = io.pgward.postgres.Passfile.line(user, password);
        if (!content.equals(writtenPassfile) || !Files.exists(file)) {
            postgres.files().writeOwned(file, content);
            writtenPassfile = content;
        }
        return file;
    }

    /** Members other than this node. */
    List<Member> others() {
        ClusterView v = lastView;
        List<Member> list = new ArrayList<>();
        if (v != null) {
            v.members().stream().filter(m -> !m.name().equals(name())).forEach(list::add);
        }
        return list;
    }
}
