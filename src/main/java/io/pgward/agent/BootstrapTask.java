package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Authentication;
import io.pgward.config.BootstrapMethod;
import io.pgward.config.Credentials;
import io.pgward.config.StandbyCluster;
import io.pgward.dcs.WireFormat;
import io.pgward.postgres.ControlData;
import io.pgward.postgres.Exec;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.Postmaster;
import io.pgward.postgres.StandbySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Creates a new cluster: wins {@code initialize}, runs initdb (or restores with a custom bootstrap method and
 * recovers), starts PostgreSQL, creates the roles, runs
 * post_bootstrap, then records the system identifier and the dynamic configuration and takes the leader key.
 * A failure leaves etcd as it found it: the {@code initialize} key is released and the data directory moved aside.
 */
final class BootstrapTask implements TaskRunner.Task {

    private static final Logger log = LoggerFactory.getLogger(BootstrapTask.class);
    private final NodeContext ctx;

    BootstrapTask(NodeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String run() {
        ctx.stateOverride = "initializing new cluster";
        // Publish first: a node that sees "initialize" with nobody initializing treats it as stale.
        ctx.dcs.publishMember(WireFormat.write(MemberStatus.member(ctx, ctx.lastLocal)));
        if (!ctx.dcs.raceInitialize()) {
            ctx.stateOverride = null;
            return "another node won the race to bootstrap the cluster";
        }
        StandbyCluster standby = ctx.dynamic().standbyCluster();
        log.info("won the initialize race: bootstrapping a new {}cluster in {}", standby == null ? "" : "standby ",
                ctx.config.postgresql().dataDir());
        PostgresNode pg = ctx.postgres;
        try {
            pg.dataDirectory().ensure();
            if (standby != null) {
                cloneRemoteAndFollow(standby);
            } else {
                createPrimary(pg);
            }
            String sysid = pg.controlData().map(ControlData::systemId)
                    .orElseThrow(() -> new PgwardException(Code.POSTGRES_FAILED, "pg_controldata gave no system identifier"));
            if (!ctx.dcs.setInitialize(sysid)) {
                throw new PgwardException(Code.DCS_CAS_FAILED, "the initialize key no longer holds my bootstrap claim"
                        + " (another node's bootstrap wrote it): not taking over a cluster I did not create");
            }
            ctx.dcs.initializeConfig(WireFormat.write(ctx.config.bootstrap().dcs()));
            long sent = System.nanoTime();
            if (!ctx.dcs.acquireLeader()) {
                throw new PgwardException(Code.DCS_CAS_FAILED, "another node holds the leader key of a cluster I just created");
            }
            ctx.leaseConfirmed(sent);
            ctx.stateOverride = null;
            if (standby != null) {
                return "bootstrapped a standby cluster of " + standby.upstreamName().substring(StandbyCluster.REMOTE_PREFIX
                        .length()) + " (system identifier " + sysid + "); I am the standby leader";
            }
            ctx.backups.becamePrimary();
            return "bootstrapped cluster with system identifier " + sysid + "; I am the leader";
        } catch (RuntimeException e) {
            undo(e);
            throw e;
        }
    }

    private void createPrimary(PostgresNode pg) {
        BootstrapMethod method = ctx.config.bootstrap().method();
        if (method == null) {
            initdbAndStart(pg);
        } else {
            CustomBootstrap custom = new CustomBootstrap(ctx, method);
            custom.restore();
            custom.recoverAndPromote();
        }
        createRoles(pg);
        runPostBootstrap();
        ctx.backups.createStanzaAtBootstrap();
    }

    /**
     * A standby cluster's first node: its data comes from the remote primary (standby_cluster.create_replica_methods)
     * and it runs in recovery following it. Roles and post_bootstrap are the remote's already; nothing is written.
     */
    private void cloneRemoteAndFollow(StandbyCluster standby) {
        StandbySettings remote = ctx.standbyOf(standby.upstreamName());
        // The state stays "initializing new cluster": the others would otherwise take the initialize key as stale.
        new ReplicaCreation(ctx).createFromRemote(remote, standby.createReplicaMethods());
        log.info("standby cluster: {}", new StartTasks(ctx).startAsStandby(remote));
    }

    private void initdbAndStart(PostgresNode pg) {
        pg.initdb(ctx.config.bootstrap().initdbArgs());
        var params = ctx.parameters();
        ctx.writePostgresqlConf(params, null);
        pg.files().writeHba(ctx.pgHba());
        pg.files().writeIdent(ctx.pgIdent());
        pg.files().setStandbySignal(false);
        if (!pg.startAndWait(ctx.commandLineGucs(params), Duration.ofSeconds(ctx.config.postgresql().pgCtlTimeout()))) {
            throw new PgwardException(Code.POSTGRES_FAILED, "PostgreSQL did not start after initdb:\n" + pg.logTail(15));
        }
    }

    private void createRoles(PostgresNode pg) {
        Authentication auth = ctx.config.postgresql().authentication();
        Credentials su = auth.superuser();
        pg.client().ensureRole(su.username(), su.password(), "SUPERUSER");
        Credentials repl = auth.replication();
        if (!repl.username().equals(su.username())) {
            pg.client().ensureRole(repl.username(), repl.password(), "REPLICATION");
        }
        Credentials rewind = auth.rewind();
        if (rewind != null && !rewind.username().equals(su.username())) {
            pg.client().ensureRole(rewind.username(), rewind.password(), "");
            String user = io.pgward.postgres.PgClient.identifier(rewind.username());
            for (String fn : List.of("pg_catalog.pg_ls_dir(text, boolean, boolean)", "pg_catalog.pg_stat_file(text, boolean)",
                    "pg_catalog.pg_read_binary_file(text)", "pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)")) {
                pg.client().execute("GRANT EXECUTE ON FUNCTION " + fn + " TO " + user);
            }
        }
    }

    private void runPostBootstrap() {
        String script = ctx.config.bootstrap().postBootstrap();
        if (script == null || script.isBlank()) {
            return;
        }
        var pg = ctx.config.postgresql();
        Credentials su = pg.authentication().superuser();
        String url = "postgres://" + su.username() + "@" + PostgresNode.localHost(pg.listenAddresses()) + ":" + pg.port()
                + "/postgres" + queryOf(su.options());
        List<String> cmd = List.of("/bin/sh", "-c", script + " \"$0\"", url);
        Map<String, String> env = ctx.postgres.env(su.password() == null ? Map.of() : Map.of("PGPASSWORD", su.password()));
        String out = Exec.check("post_bootstrap script '" + script + "'", ctx.postgres.user().wrap(cmd), env,
                Duration.ofMinutes(30));
        log.info("post_bootstrap script ran: {}", out.isEmpty() ? "(no output)" : out);
    }

    /**
     * The superuser's connection options as URI parameters (sslmode, sslrootcert, ...), as libpq reads them;
     * sslpassword is left out, as a command line is visible to every local user.
     */
    static String queryOf(Map<String, String> options) {
        StringBuilder q = new StringBuilder();
        var shown = new java.util.TreeMap<>(options);
        shown.remove("sslpassword");
        shown.forEach((key, value) -> q.append(q.isEmpty() ? '?' : '&').append(key).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")));
        return q.toString();
    }

    private void undo(RuntimeException cause) {
        log.error("bootstrap failed: {}", cause.getMessage());
        try {
            ctx.postgres.stop(Postmaster.StopMode.IMMEDIATE);
        } catch (RuntimeException e) {
            log.warn("could not stop PostgreSQL after the failed bootstrap: {}", e.getMessage());
        }
        try {
            ctx.dcs.clearInitialize("");
            log.info("released the initialize key so the next start can bootstrap again");
        } catch (RuntimeException e) {
            log.error("could not release the initialize key after the failed bootstrap: {}", e.getMessage());
        }
        Path aside = ctx.postgres.dataDirectory().moveAside("failed");
        if (aside != null) {
            log.info("moved the data directory of the failed bootstrap to {}", aside);
        }
        ctx.stateOverride = "bootstrap failed";
    }
}
