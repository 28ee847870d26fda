package io.pgward.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of {@code postgresql.create_replica_methods} with its section, as Patroni runs it: {@code basebackup} is
 * pg_basebackup; any other name runs {@code command} (the name itself when the section has none) with
 * {@code --scope --datadir --role=replica --connstring} and the section's other keys as {@code --key=value}, unless
 * {@code no_params}.
 *
 * @param command  the command line as written, or null when the section names none
 * @param keepData true: the data directory is not emptied before the command runs (for a delta restore)
 * @param noParams true: only the command line, none of the parameters
 * @param noLeader true: may run while the cluster has no leader (Patroni's {@code no_leader} / {@code no_master})
 * @param options  the section's other keys, in order, as Patroni formats them (booleans as True/False)
 */
public record ReplicaMethod(String name, String command, boolean keepData, boolean noParams, boolean noLeader,
                            Map<String, String> options) {

    public static final String BASEBACKUP = "basebackup";
    /** pgward's own pgBackRest restore from the cluster's backup section, when the method has no command. */
    public static final String PGBACKREST = "pgbackrest";

    public ReplicaMethod {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static ReplicaMethod basebackup() {
        return new ReplicaMethod(BASEBACKUP, null, false, false, false, Map.of());
    }

    public boolean isBasebackup() {
        return name.equals(BASEBACKUP);
    }
}
