package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.ReplicaMethod;
import io.pgward.postgres.Conninfo;
import io.pgward.postgres.Exec;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.MethodCommandLine;
import io.pgward.postgres.StandbySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates this node's data directory as a replica, trying {@code postgresql.create_replica_methods} in order as
 * Patroni does: pg_basebackup from the leader, a custom command (a restore from a backup tool), or pgward's own
 * pgBackRest restore from the cluster's backup section. The first method that leaves a data directory wins; one that
 * fails is logged with its output and the next is tried.
 */
final class ReplicaCreation {

    private static final Logger log = LoggerFactory.getLogger(ReplicaCreation.class);
    private final NodeContext ctx;

    ReplicaCreation(NodeContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param onlyBasebackup true for a reinitialize asked "from the leader": pg_basebackup whatever the methods say
     * @return the name of the method that created the replica
     * @throws PgwardException naming every method's failure when none succeeded (the data directory is left empty)
     */
    String create(StandbySettings source, boolean onlyBasebackup) {
        return create(source, onlyBasebackup ? List.of(ReplicaMethod.basebackup())
                : ctx.config.postgresql().createReplicaMethods());
    }

    /**
     * The standby leader's data from the remote primary, with standby_cluster.create_replica_methods: each name is
     * basebackup or a method this node's postgresql.create_replica_methods defines (its command and options).
     */
    String createFromRemote(StandbySettings remote, List<String> methodNames) {
        List<ReplicaMethod> known = ctx.config.postgresql().createReplicaMethods();
        List<ReplicaMethod> methods = new ArrayList<>();
        for (String name : methodNames) {
            methods.add(name.equals(ReplicaMethod.BASEBACKUP) ? ReplicaMethod.basebackup()
                    : known.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
                            new PgwardException(Code.CONFIG_INVALID, "standby_cluster.create_replica_methods names "
                                    + name + ", which this node's postgresql.create_replica_methods does not define:"
                                    + " add it there (with its command) or use basebackup")));
        }
        return create(remote, methods);
    }

    private String create(StandbySettings source, List<ReplicaMethod> methods) {
        PostgresNode pg = ctx.postgres;
        List<String> failures = new ArrayList<>();
        for (ReplicaMethod method : methods) {
            try {
                if (method.isBasebackup()) {
                    pg.dataDirectory().wipe();
                    log.info("creating the replica with pg_basebackup from {} ({}:{})", source.upstreamName(),
                            source.host(), source.port());
                    pg.basebackup(source.host(), source.port(), ctx.config.postgresql().authentication().replication(),
                            ctx.config.postgresql().basebackupArgs());
                } else {
                    runCustom(method, source);
                }
                if (!pg.dataDirectory().hasCluster()) {
                    throw new PgwardException(Code.POSTGRES_FAILED, "it succeeded but left no PostgreSQL data directory in "
                            + pg.dataDirectory().path());
                }
                log.info("replica created with {}", method.name());
                return method.name();
            } catch (PgwardException e) {
                failures.add(method.name() + ": " + e.getMessage());
                log.warn("replica method {} failed{}: {}", method.name(), methods.size() > failures.size()
                        ? " (trying the next method)" : "", e.getMessage());
                if (!method.keepData() || method.isBasebackup()) {
                    pg.dataDirectory().wipe();
                }
            }
        }
        pg.dataDirectory().wipe();
        throw new PgwardException(Code.POSTGRES_FAILED, "no replica method created the replica:\n  "
                + String.join("\n  ", failures));
    }

    private void runCustom(ReplicaMethod method, StandbySettings source) {
        PostgresNode pg = ctx.postgres;
        if (!method.keepData()) {
            pg.dataDirectory().wipe();
        }
        List<String> argv = argv(method, source);
        log.info("creating the replica with method {}: {}", method.name(), String.join(" ", argv));
        Exec.Result r = pg.runMethod(argv, source.password());
        if (!r.ok()) {
            throw new PgwardException(Code.POSTGRES_FAILED, "'" + argv.get(0) + "' exited with " + r.exitCode()
                    + (r.output().isEmpty() ? "" : ": " + r.output()));
        }
    }

    private List<String> argv(ReplicaMethod method, StandbySettings source) {
        if (method.command() == null && method.name().equals(ReplicaMethod.PGBACKREST)) {
            List<String> restore = ctx.backups.restoreArgv(ctx.parameters());
            if (restore == null) {
                throw new PgwardException(Code.BAD_REQUEST, "method pgbackrest has no command and the dynamic"
                        + " configuration has no backup section: add postgresql.pgbackrest.command, or a backup section");
            }
            return restore;
        }
        String commandLine = method.command() == null ? method.name() : method.command();
        return MethodCommandLine.replica(method, commandLine, ctx.config.scope(), ctx.postgres.dataDirectory().path(),
                connstring(source));
    }

    /** Patroni's connstring parameter: where the replica clones from, without the password (it is in PGPASSWORD). */
    private static String connstring(StandbySettings source) {
        if (!source.hasUpstream()) {
            return "";
        }
        return new Conninfo().set("dbname", "postgres").set("user", source.user()).set("host", source.host())
                .set("port", Integer.toString(source.port())).userOptions(source.connectionOptions()).toString();
    }
}
