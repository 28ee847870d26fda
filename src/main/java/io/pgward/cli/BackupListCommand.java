package io.pgward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.backup.InfoHealth;
import io.pgward.backup.PgBackRest;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pgward backup list}: the repository's backups, from {@code pgbackrest info} on a member (GET /backup/info). */
@Command(name = "list", description = "The backups in the pgBackRest repositories (pgbackrest info, asked of the leader).")
final class BackupListCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "FORMAT",
            description = "pretty (a table, default) or json (pgBackRest's own)")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("pretty") && !format.equals("json")) {
            throw new Refused("--format must be pretty or json, found '" + format + "'");
        }
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            ClusterCalls.Answer a = ClusterCalls.leaderFirst(rest.client(cluster), view, "GET", "/backup/info", null,
                    BackupCommand.timeout());
            if (!a.response().ok()) {
                throw new Refused(a.member().name() + ": " + a.response().message());
            }
            System.out.print(format.equals("json") ? a.response().text().strip() + "\n" : render(a.response().json()));
            return 0;
        }
    }

    /** pgBackRest's info JSON as a table of backups, each stanza's status below it. */
    static String render(JsonNode info) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Stanza", "Backup", "Type", "Started", "Stopped", "Size", "Stored", "WAL"});
        List<String> statuses = new ArrayList<>();
        for (JsonNode stanza : info) {
            String name = stanza.path("name").asText();
            for (JsonNode b : stanza.path("backup")) {
                rows.add(BackupCommand.row(name, b));
            }
            statuses.add("stanza " + name + ": " + stanza.path("status").path("message").asText());
            InfoHealth.repositoryErrors(stanza, name).forEach(p -> statuses.add("  " + p + PgBackRest.hint(p)));
            for (JsonNode archive : stanza.path("archive")) {
                statuses.add("  archive " + archive.path("id").asText() + ": WAL " + archive.path("min").asText("-")
                        + " .. " + archive.path("max").asText("-"));
            }
        }
        return Table.render(rows) + String.join("\n", statuses) + (statuses.isEmpty() ? "" : "\n");
    }
}
