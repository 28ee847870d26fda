package io.pgward.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A custom {@code bootstrap.method} and its section, as Patroni runs it: the command creates the data directory (a
 * restore from a backup), then PostgreSQL recovers with {@code recovery_conf} and the cluster starts from the result.
 *
 * @param command                  the command line as written; null for pgward's own pgbackrest restore
 * @param keepExistingRecoveryConf true: the recovery settings and signal files the command wrote are kept
 * @param noParams                 true: no --scope and --datadir arguments
 * @param options                  the section's other keys, passed as --key=value (booleans as True/False)
 * @param recoveryConf             recovery GUCs (recovery_target_time, restore_command, ...) for the recovery
 */
public record BootstrapMethod(String name, String command, boolean keepExistingRecoveryConf, boolean noParams,
                              Map<String, String> options, Map<String, String> recoveryConf) {

    public BootstrapMethod {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        recoveryConf = Collections.unmodifiableMap(new LinkedHashMap<>(recoveryConf));
    }
}
