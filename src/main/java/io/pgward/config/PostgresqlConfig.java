package io.pgward.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The node-local {@code postgresql} section.
 *
 * @param listenAddresses  the hosts of postgresql.listen ("ip[,ip2]:port"), used as listen_addresses
 * @param port             the port of postgresql.listen
 * @param configDir        defaults to dataDir
 * @param binDir           null when not set: the programs on PATH (as in Patroni)
 * @param pgpass           null if absent
 * @param parameters       local postgresql.parameters as PostgreSQL strings (true -> on, false -> off, numbers as text)
 * @param pgHba            null when not set locally
 * @param pgIdent          null when not set locally
 * @param createReplicaMethods in the order they are tried; default basebackup alone
 * @param basebackupArgs   rendered like initdb: {max-rate: 100M} -> "--max-rate=100M", "verbose" -> "--verbose"
 * @param usePgRewind      null unless set locally (the dynamic configuration decides then)
 * @param removeDataDirectoryOnRewindFailure     null unless set locally, as usePgRewind
 * @param removeDataDirectoryOnDivergedTimelines null unless set locally, as usePgRewind
 * @param pgCtlTimeout     seconds, default 60
 * @param callbacks        on_start, on_stop, on_restart, on_reload, on_role_change (from callbacks) and pre_promote,
 *                         before_stop (from postgresql) -> command; empty if none
 */
public record PostgresqlConfig(List<String> listenAddresses, int port, HostPort connectAddress,
                               Path dataDir, Path configDir, Path binDir, Path pgpass,
                               Authentication authentication, Map<String, String> parameters,
                               List<String> pgHba, List<String> pgIdent,
                               List<ReplicaMethod> createReplicaMethods, List<String> basebackupArgs,
                               Boolean usePgRewind, Boolean removeDataDirectoryOnRewindFailure,
                               Boolean removeDataDirectoryOnDivergedTimelines,
                               int pgCtlTimeout, Map<String, String> callbacks, List<String> rewindArgs) {

    public static final int DEFAULT_PG_CTL_TIMEOUT = 60;
    public static final String PRE_PROMOTE = "pre_promote";
    public static final String BEFORE_STOP = "before_stop";

    public PostgresqlConfig {
        listenAddresses = List.copyOf(listenAddresses);
        configDir = configDir == null ? dataDir : configDir;
        parameters = PlainValues.unmodifiableStrings(parameters);
        pgHba = pgHba == null ? null : List.copyOf(pgHba);
        pgIdent = pgIdent == null ? null : List.copyOf(pgIdent);
        createReplicaMethods = createReplicaMethods == null || createReplicaMethods.isEmpty()
                ? List.of(ReplicaMethod.basebackup()) : List.copyOf(createReplicaMethods);
        basebackupArgs = basebackupArgs == null ? List.of() : List.copyOf(basebackupArgs);
        rewindArgs = rewindArgs == null ? List.of() : List.copyOf(rewindArgs);
        callbacks = PlainValues.unmodifiableStrings(callbacks);
    }
}
