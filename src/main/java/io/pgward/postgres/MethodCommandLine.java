package io.pgward.postgres;

import io.pgward.config.BootstrapMethod;
import io.pgward.config.ReplicaMethod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command lines of custom replica and bootstrap methods, built as Patroni builds them, so that scripts written
 * for Patroni get the same arguments.
 */
public final class MethodCommandLine {

    private static final List<String> FLAGS_DROPPED_WITHOUT_PARAMS = List.of("no_params", "no_leader", "keep_data");

    private MethodCommandLine() {}

    /**
     * A replica method: the command's words, then the section's keys as {@code --key=value} followed (unless
     * {@code no_params}) by {@code --scope}, {@code --role=replica}, {@code --datadir} and {@code --connstring}.
     *
     * @param commandLine the method's command (its name when the section gives none), split as a shell would
     * @param connstring  libpq connection string to the member cloned from, without password ("" when none)
     */
    public static List<String> replica(ReplicaMethod method, String commandLine, String scope, Path dataDir,
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

    /**
     * A bootstrap method: the command's words, {@code --scope} and {@code --datadir} unless {@code no_params}, then
     * the section's other keys as {@code --key=value}.
     */
    public static List<String> bootstrap(BootstrapMethod method, String scope, Path dataDir) {
        List<String> argv = new ArrayList<>(ShellWords.split(method.command()));
        if (!method.noParams()) {
            argv.add("--scope=" + scope);
            argv.add("--datadir=" + dataDir);
        }
        method.options().forEach((key, value) -> argv.add("--" + key + "=" + value));
        return argv;
    }
}
