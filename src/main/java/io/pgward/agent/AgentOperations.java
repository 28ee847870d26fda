package io.pgward.agent;

import java.util.Optional;
import io.pgward.postgres.StandbyWal;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.PgClient;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.api.Operations;
import io.pgward.api.RestartRequest;
import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.config.LoadResult;
import io.pgward.config.LogConfig;
import io.pgward.config.Problem;
import io.pgward.config.RestApiConfig;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import io.pgward.ha.CloneSource;
import io.pgward.ha.TaskState;
import io.pgward.ha.Upstream;
import io.pgward.log.Logging;
import io.pgward.postgres.PgStatus;
import io.pgward.postgres.Postmaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The agent's side of the REST API's unsafe endpoints. */
final class AgentOperations implements Operations {

    private static final Logger log = LoggerFactory.getLogger(AgentOperations.class);

    private final NodeContext ctx;
    private final TaskRunner tasks;
    private final StartTasks start;
    private final Runnable wakeup;
    private final PeerProber peers;
    private volatile Consumer<RestApiConfig> restTls = rest -> { };

    AgentOperations(NodeContext ctx, TaskRunner tasks, Runnable wakeup, PeerProber peers) {
        this.ctx = ctx;
        this.peers = peers;
        this.tasks = tasks;
        this.start = new StartTasks(ctx);
        this.wakeup = wakeup;
    }

    /** Called with the new restapi section on every reload before it is applied (the REST server's TLS files). */
    void onReloadOfRestTls(Consumer<RestApiConfig> reloader) {
        this.restTls = reloader;
    }

    @Override
    public io.pgward.api.BackupControl backups() {
        return ctx.backups.configured() ? ctx.backups : null;
    }

    @Override
    public Optional<StandbyWal> liveStandbyWal() {
        var pg = ctx.config.postgresql();
        try {
            return new PgClient(PostgresNode.localHost(pg.listenAddresses()),
                    pg.port(), pg.authentication().superuser(), 1).standbyWal();
        } catch (RuntimeException e) {
            return Optional.empty();    // the last observation answers instead
        }
    }

    @Override
    public ClusterView readCluster() {
        return ctx.dcs.read();
    }

    @Override
    public java.util.OptionalLong leaderLeaseLeft() {
        return ctx.dcs.leaderLeaseLeftSeconds();
    }

    @Override
    public Map<String, PeerDecisions> peerDecisions(List<io.pgward.ha.Member> members) {
        return peers.decisions(members);
    }

    @Override
    public boolean writeConfig(Map<String, Object> config, long expectedRevision) {
        boolean written = ctx.dcs.writeConfig(WireFormat.write(config), expectedRevision);
        if (written) {
            log.info("dynamic configuration changed through the REST API");
        }
        return written;
    }

    @Override
    public void writeFailover(Map<String, Object> request) {
        ctx.dcs.writeFailover(WireFormat.write(request));
        log.info("switchover/failover requested through the REST API: {}", request);
    }

    @Override
    public void deleteFailover() {
        ctx.dcs.deleteFailover();
    }

    @Override
    public String restart(Duration timeout) {
        return awaitTask(startRestart(), "restart", timeout);
    }

    /** Starts a restart of PostgreSQL in its current role as a task; false when another task is running. */
    boolean startRestart() {
        boolean leader = ctx.lastView != null && ctx.lastView.isLeader(ctx.name());
        String timelineSource = ctx.lastView == null ? null : ctx.lastView.timelineSource();
        // The standby leader of a standby cluster restarts in recovery, following the remote primary.
        String upstream = ctx.lastView == null ? null : leader ? (ctx.lastView.config().standbyCluster() == null
                ? null : timelineSource) : Upstream.of(ctx.lastView, ctx.name()).member();
        return tasks.submit(TaskState.Kind.RESTART, () -> {
            ctx.stateOverride = "restarting";
            try {
                return ctx.postgres.restart(() -> {
                    ctx.postgres.stop(Postmaster.StopMode.FAST);
                    return leader && upstream == null ? start.startPrimary()
                            : start.startReplica(upstream, timelineSource);
                });
            } finally {
                ctx.stateOverride = null;
            }
        });
    }

    @Override
    public boolean scheduleRestart(RestartRequest request) {
        synchronized (ctx) {
            if (ctx.scheduledRestart != null) {
                return false;
            }
            PgStatus status = ctx.postgres.lastStatus();
            ctx.scheduledRestart = new ScheduledRestart(request, status == null ? null : status.postmasterStartTime());
        }
        log.info("restart scheduled for {}", request.schedule());
        long delay = Math.max(0, Duration.between(Instant.now(), request.schedule()).toMillis());
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(wakeup);    // on time, not a loop late
        wakeup.run();    // publish it in the member key now
        return true;
    }

    @Override
    public boolean cancelScheduledRestart() {
        synchronized (ctx) {
            if (ctx.scheduledRestart == null) {
                return false;
            }
            ctx.scheduledRestart = null;
        }
        log.info("scheduled restart deleted through the REST API");
        wakeup.run();
        return true;
    }

    @Override
    public String acceptFailsafe(String primary) {
        if (ctx.lastLocal.runningAsPrimary()) {
            return "Running as a leader";
        }
        ctx.failsafe.pinged(primary);
        return null;
    }

    @Override
    public String reinitialize(boolean fromLeader) {
        var view = ctx.lastView;
        String leader = view == null ? null : view.leader();
        String source = view == null || fromLeader ? leader : CloneSource.choose(view, ctx.name(), System.nanoTime());
        boolean started = tasks.submit(TaskState.Kind.REINITIALIZE, () -> {
            log.info("reinitializing: stopping PostgreSQL and creating the replica afresh ({})", fromLeader
                    ? "pg_basebackup from " + leader + ", as asked" : "create_replica_methods, source " + source
                    + ", leader " + leader);
            ctx.postgres.stop(Postmaster.StopMode.IMMEDIATE);
            ctx.postgres.dataDirectory().wipe();
            ctx.rewindFailure = null;
            return start.cloneFrom(source, leader, fromLeader);
        });
        if (!started) {
            throw new PgwardException(Code.BAD_REQUEST, "another action is in progress (" + tasks.state().kind().label()
                    + "): try again when it has finished");
        }
        return "reinitialize started";
    }

    private String awaitTask(boolean started, String what, Duration timeout) {
        if (!started) {
            throw new PgwardException(Code.BAD_REQUEST, "another action is in progress (" + tasks.state().kind().label()
                    + "): try again when it has finished");
        }
        try {
            TaskState end = tasks.await(timeout);
            if (end.running()) {
                throw new PgwardException(Code.POSTGRES_FAILED, what + " did not finish within " + timeout.toSeconds() + "s");
            }
            if (!end.succeeded()) {
                throw new PgwardException(Code.POSTGRES_FAILED, what + " failed: " + end.detail());
            }
            return end.detail();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgwardException(Code.POSTGRES_FAILED, "interrupted while waiting for " + what);
        } finally {
            wakeup.run();
        }
    }

    @Override
    public String reload() {
        Config old = ctx.config;
        LoadResult r = ConfigLoader.loadNode(Path.of(old.sourceFile()), System.getenv());
        if (r.hasErrors()) {
            throw new PgwardException(Code.CONFIG_INVALID, "reload refused, nothing changed: " + r.errors().stream()
                    .map(Problem::format).collect(Collectors.joining("; ")));
        }
        Config fresh = r.config();
        List<String> needRestart = new ArrayList<>();
        if (!Objects.equals(old.name(), fresh.name()) || !Objects.equals(old.scope(), fresh.scope())) {
            needRestart.add("name/scope");
        }
        if (!Objects.equals(old.restapi().listen(), fresh.restapi().listen())) {
            needRestart.add("restapi.listen");
        }
        var or = old.restapi();
        var nr = fresh.restapi();
        if (or.tls() != nr.tls()) {
            needRestart.add("restapi certfile (switching between HTTP and HTTPS)");
        }
        if (!Objects.equals(old.etcd(), fresh.etcd())) {
            needRestart.add("etcd");
        }
        var op = old.postgresql();
        var np = fresh.postgresql();
        if (!op.dataDir().equals(np.dataDir()) || !java.util.Objects.equals(op.binDir(), np.binDir()) || op.port() != np.port()
                || !op.listenAddresses().equals(np.listenAddresses())) {
            needRestart.add("postgresql.data_dir/bin_dir/listen");
        }
        if (!Objects.equals(op.callbacks(), np.callbacks())) {
            needRestart.add("postgresql.callbacks/pre_promote/before_stop");
        }
        try {
            restTls.accept(nr);
        } catch (PgwardException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "reload refused, nothing changed: " + e.getMessage(), e);
        }
        ctx.config = fresh;
        ctx.postgres.useSuperuser(np.authentication().superuser());
        applyLog(old.log(), fresh.log());
        wakeup.run();
        String applied = "reloaded " + old.sourceFile() + ": parameters, pg_hba, pg_ident, tags, the REST API's"
                + " authentication, allowlist and TLS files (certificate, key, CA, verify_client: read again for new"
                + " connections), PostgreSQL credentials and the log section apply now; the haproxy and pgbouncer sections"
                + " at the next role change";
        log.info("{}{}", applied, needRestart.isEmpty() ? "" : "; these changes need an agent restart: " + needRestart);
        return applied + (needRestart.isEmpty() ? "" : "; restart the agent for: " + String.join(", ", needRestart));
    }

    private void applyLog(LogConfig old, LogConfig fresh) {
        ctx.postgres.postmaster().serverLog().limits(fresh.fileSize(), fresh.fileNum());
        if (old.equals(fresh)) {
            return;
        }
        try {
            Logging.apply(fresh);
        } catch (PgwardException e) {
            log.error("the new log section is not applied, logging goes on as before: {}", e.getMessage());
        }
    }

    @Override
    public void wakeup() {
        wakeup.run();
    }
}
