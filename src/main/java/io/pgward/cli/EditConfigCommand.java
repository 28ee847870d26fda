package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.DynamicConfig;
import io.pgward.config.Problem;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pgward edit-config}: change the dynamic configuration ({@code /config} in etcd) through the leader's
 * REST API, so that a member validates it: {@code PATCH /config} with a merge patch, or {@code PUT /config}.
 */
@Command(name = "edit-config", description = "Change the cluster-wide configuration: with --set/--pg/--apply/--replace,"
        + " or in $EDITOR. Shows the diff and asks before applying it through the leader (PATCH /config).")
final class EditConfigCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY.PATH=VALUE",
            description = "set a key, value in YAML (null removes it), e.g. -s loop_wait=5")
    List<String> sets = List.of();

    @Option(names = {"-p", "--pg"}, paramLabel = "NAME=VALUE",
            description = "set a PostgreSQL parameter, e.g. -p work_mem=64MB (same as -s postgresql.parameters.NAME=VALUE)")
    List<String> pgs = List.of();

    @Option(names = "--apply", paramLabel = "FILE", description = "merge the YAML in FILE (- for stdin) into the configuration")
    String apply;

    @Option(names = "--replace", paramLabel = "FILE", description = "replace the configuration by the YAML in FILE (- for stdin)")
    String replace;

    @Option(names = {"-q", "--quiet"}, description = "do not show the diff")
    boolean quiet;

    @Option(names = "--force", description = "do not ask for confirmation")
    boolean force;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (apply != null && replace != null) {
            throw new PgwardException(Code.BAD_REQUEST, "--apply and --replace exclude each other: --apply merges a"
                    + " file into the configuration, --replace swaps the whole configuration for it");
        }
        List<ConfigEdit.Change> changes = changes(sets, pgs);
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            RestClient client = rest.client(cluster);
            if (!view.configPresent()) {
                throw new Refused("cluster " + scope + " has no configuration in etcd yet (its leader writes it"
                        + " after bootstrap): nothing to edit");
            }
            Map<String, Object> before = ConfigEdit.withoutNulls(ConfigEdit.copy(view.config().raw()));
            Map<String, Object> after = ConfigEdit.copy(before);
            if (replace != null) {
                after = YamlText.parseMapping(read(replace), source(replace));
            }
            if (apply != null) {
                after = ConfigEdit.applyPatch(after, YamlText.parseMapping(read(apply), source(apply)));
            }
            for (ConfigEdit.Change c : changes) {
                ConfigEdit.set(after, c.path(), c.value());
            }
            if (replace == null && apply == null && changes.isEmpty()) {
                after = YamlText.parseMapping(Editor.edit(YamlText.dump(before), ".yaml"), "the edited configuration");
            }
            after = ConfigEdit.withoutNulls(after);
            if (ConfigEdit.same(before, after)) {
                System.out.println("Not changed");
                return 0;
            }
            if (!quiet) {
                System.out.print(LineDiff.unified(YamlText.dump(before), YamlText.dump(after), "before", "after"));
            }
            List<Problem> problems = localProblems(after);
            for (Problem p : problems) {
                System.out.println(p.format());
            }
            if (!force) {
                Prompt.stdin().confirmOrAbort((problems.stream().anyMatch(Problem::isError)
                        ? "The members will probably refuse this (see the errors above). " : "")
                        + "Apply these changes?");
            }
            long now = dcs.read().configRevision();
            if (now != view.configRevision()) {
                throw new Refused("the configuration in etcd changed while you were editing (revision "
                        + view.configRevision() + " -> " + now + "); nothing was applied: run edit-config again");
            }
            ClusterCalls.Answer a = replace != null
                    ? ClusterCalls.leaderFirst(client, view, "PUT", "/config", after, RestClient.DEFAULT_TIMEOUT)
                    : ClusterCalls.leaderFirst(client, view, "PATCH", "/config", ConfigEdit.mergePatch(before, after),
                    RestClient.DEFAULT_TIMEOUT);
            return report(a);
        }
    }

    /**
     * What pgward's own rules find wrong with the new configuration, shown before asking. Only advice: the member
     * that receives the change validates it and has the last word (it may run another version).
     */
    static List<Problem> localProblems(Map<String, Object> config) {
        return DynamicConfig.validate(config, "new configuration", "");
    }

    static List<ConfigEdit.Change> changes(List<String> sets, List<String> pgs) {
        List<ConfigEdit.Change> out = new java.util.ArrayList<>();
        sets.forEach(s -> out.add(ConfigEdit.parseSet(s)));
        pgs.forEach(p -> out.add(ConfigEdit.parsePg(p)));
        return out;
    }

    private static int report(ClusterCalls.Answer a) {
        RestClient.Response r = a.response();
        if (r.ok()) {
            System.out.println("Configuration changed (via " + a.member().name() + ")");
            return 0;
        }
        String what = switch (r.status()) {
            case 400 -> "the configuration was refused as invalid";
            case 409 -> "the configuration changed meanwhile; nothing was applied: run edit-config again";
            default -> "the configuration was not changed";
        };
        System.out.println("Failed: " + what + " (" + a.member().name() + ", " + r.describe() + ")");
        for (String p : r.problems()) {
            System.out.println("  " + p);
        }
        return 1;
    }

    private static String read(String file) throws IOException {
        if (file.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            throw new PgwardException(Code.BAD_REQUEST, "cannot read " + p + ": no such file, or not readable");
        }
        return Files.readString(p);
    }

    private static String source(String file) {
        return file.equals("-") ? "the YAML on stdin" : file;
    }
}
