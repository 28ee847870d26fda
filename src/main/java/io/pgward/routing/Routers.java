package io.pgward.routing;

import io.pgward.config.Config;
import io.pgward.postgres.Programs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the agent tells the routers in front of the cluster when its node's role changes: the HAProxy runtime APIs
 * of the {@code haproxy} section and the PgBouncer of the {@code pgbouncer} section. Each call reads the
 * configuration it is given (so a reload applies at the next role change) and does nothing for an absent section.
 * Only {@link #beforeSwitchoverStop} waits (bounded by {@code pause_timeout}); the rest runs on threads of its own.
 */
public final class Routers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Routers.class);

    private final ScheduledExecutorService haproxyWorker = worker("haproxy-notify");
    private final ScheduledExecutorService pgbouncerWorker = worker("pgbouncer-switch");

    /**
     * A switchover is about to stop this primary: pause PgBouncer, so that its clients wait instead of failing.
     *
     * @param longest     the longest this may wait (besides {@code pause_timeout}): the lease must outlast it
     * @param resumeAfter when to resume it if no new primary did by then
     */
    public void beforeSwitchoverStop(Config config, Duration longest, Duration resumeAfter) {
        guarded("pause PgBouncer", () -> {
            PgBouncerSwitch pgbouncer = pgbouncer(config);
            if (pgbouncer != null) {
                pgbouncer.pause(longest, resumeAfter);
            }
        });
    }

    /** The switchover this node paused for did not happen: resume PgBouncer. */
    public void switchoverCancelled(Config config) {
        guarded("resume PgBouncer", () -> {
            PgBouncerSwitch pgbouncer = pgbouncer(config);
            if (pgbouncer != null) {
                pgbouncer.cancelPause();
            }
        });
    }

    /** This node's PostgreSQL runs read-write now; {@code otherMembers} are the cluster's other members' names. */
    public void becamePrimary(Config config, List<String> otherMembers) {
        guarded("tell HAProxy", () -> {
            if (config.routing().haproxy() != null) {
                new HaproxyNotifier(config.routing().haproxy(), config.scope(), config.name(), haproxyWorker)
                        .becamePrimary(otherMembers);
            }
        });
        guarded("point PgBouncer here", () -> {
            PgBouncerSwitch pgbouncer = pgbouncer(config);
            if (pgbouncer != null) {
                pgbouncer.pointAt(config.postgresql().connectAddress());
            }
        });
    }

    /** This node's PostgreSQL stopped running read-write. */
    public void stoppedBeingPrimary(Config config) {
        guarded("tell HAProxy", () -> {
            if (config.routing().haproxy() != null) {
                new HaproxyNotifier(config.routing().haproxy(), config.scope(), config.name(), haproxyWorker)
                        .stoppedBeingPrimary();
            }
        });
    }

    /** The routers never stop an HA action: whatever goes wrong here is one log line. */
    private static void guarded(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("could not {} after this node's role change: {}", what, e.getMessage());
        }
    }

    private PgBouncerSwitch pgbouncer(Config config) {
        var section = config.routing().pgbouncer();
        if (section == null) {
            return null;
        }
        var psql = Programs.directory(config.postgresql().binDir(), System.getenv("PATH")).resolve("psql");
        return new PgBouncerSwitch(section, new PgBouncerConsole(section, psql), pgbouncerWorker);
    }

    private static ScheduledExecutorService worker(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        haproxyWorker.shutdownNow();
        pgbouncerWorker.shutdownNow();
    }
}
