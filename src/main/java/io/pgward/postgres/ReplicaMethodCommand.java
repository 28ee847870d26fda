package io.pgward.postgres;

import io.pgward.config.ReplicaMethod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a custom replica method, built as Patroni builds it, so that scripts written for Patroni get
 * the same arguments: the command's words, then the section's keys as {@code --key=value} followed (unless
 * {@code no_params}) by {@code --scope}, {@code --role=replica}, {@code --datadir} and {@code --connstring}.
 */
public final class ReplicaMethodCommand {

    private static final List<String> FLAGS_DROPPED_WITHOUT_PARAMS = List.of("no_params", "no_leader", "keep_data");

    private ReplicaMethodCommand() {}

    /**
     * @param commandLine the method's command (its name when the section gives none), split as a shell would
     * @param connstring  libpq connection string to the member cloned from, without password ("" when none)
     */
    public static List<String> argv(ReplicaMethod method, String commandLine, String scope, Path dataDir,
                                    String connstring) {
        List<String> argv = new ArrayList<>(ShellWords.split(commandLine));
        Map<String, String> params = new LinkedHashMap<>(method.options());
        if (method.noParams()) {
            FLAGS_DROPPED_WITHOUT_PARAMS.forEach(params::remove);
        } else {
            params.put("scope", scope);
            params.put("role", "replica");
            params.put("datadir", dataDir.toString());
            params.put("connstring", connstring);
        }
        params.forEach((key, value) -> argv.add("--" + key + "=" + value));
        return argv;
    }
}
