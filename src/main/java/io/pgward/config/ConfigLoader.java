package io.pgward.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Loads and validates a node's configuration: Patroni's YAML (a file, or a directory of *.yml/*.yaml files merged
 * in name order), then PATRONI_* environment overrides. Reports every problem at once, with file, line and path,
 * and never throws for bad input.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads a YAML file, or a directory of *.yml/*.yaml files merged in sorted order (deep merge, last wins), applies
     * PATRONI_* overrides from {@code env}, validates everything and reports all problems. I/O errors are problems too.
     * For the CLI: a file without restapi and postgresql is read as the CLI's own (etcd3 and ctl, see
     * {@link Config#cliOnly()}).
     */
    public static LoadResult load(Path fileOrDirectory, Map<String, String> env) {
        Problems problems = new Problems();
        YNode.Mapping tree = ConfigFiles.read(fileOrDirectory, problems);
        return finish(tree, fileOrDirectory.toString(), env, problems, true);
    }

    /**
     * Like {@link #load}, for the node that will run with it (the agent, lint): the files it names (TLS certificates,
     * keys, CA files, bin_dir) are also checked, as this process's user sees them. The CLI does not need them.
     */
    public static LoadResult loadNode(Path fileOrDirectory, Map<String, String> env) {
        Problems problems = new Problems();
        YNode.Mapping tree = ConfigFiles.read(fileOrDirectory, problems);
        if (tree != null && tree.entries().isEmpty() && !problems.hasErrors()
                && env.keySet().stream().noneMatch(k -> k.startsWith("PATRONI_"))) {
            problems.error(YNode.Origin.of(fileOrDirectory.toString(), 0), "", "the configuration is empty: a node's"
                    + " file needs at least scope, name, restapi, etcd3 and postgresql");
            return new LoadResult(null, problems.sorted());
        }
        LoadResult result = finish(tree, fileOrDirectory.toString(), env, problems, false);
        FileChecks.verify(problems, env.get("PATH"));
        problems.includeNodeWarnings();
        return new LoadResult(problems.hasErrors() ? null : result.config(), problems.sorted());
    }

    /** Same, from YAML text; {@code sourceName} is the file name in problems. Empty text with env is fine. */
    public static LoadResult loadString(String yaml, String sourceName, Map<String, String> env) {
        Problems problems = new Problems();
        YNode.Mapping tree = YamlParser.parseDocument(yaml == null ? "" : yaml, sourceName, problems);
        return finish(tree, sourceName, env, problems, false);
    }

    private static LoadResult finish(YNode.Mapping tree, String source, Map<String, String> env, Problems problems,
                                     boolean allowCliOnly) {
        if (tree == null) {
            return new LoadResult(null, problems.sorted());
        }
        Config config;
        try {
            YNode.Mapping withEnv = EnvOverrides.apply(tree, env, problems);
            config = ConfigBinder.bind(withEnv, source, problems, allowCliOnly);
        } catch (RuntimeException e) {
            problems.error(YNode.Origin.of(source, 0), "", "internal error while reading the configuration ("
                    + e + "); please report it");
            config = null;
        }
        return new LoadResult(problems.hasErrors() ? null : config, problems.sorted());
    }
}
