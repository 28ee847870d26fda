package io.pgward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pgward backup}: a pgBackRest backup run by the primary's agent ({@code POST /backup}), then its outcome. */
@Command(name = "backup", description = "Take a pgBackRest backup from the primary (POST /backup) and wait for it;"
        + " 'backup list' shows the repository's backups.", subcommands = BackupListCommand.class)
final class BackupCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = "--type", defaultValue = "incr", paramLabel = "TYPE",
            description = "full, diff or incr (default ${DEFAULT-VALUE}; pgBackRest takes a full backup when none exists)")
    String type;

    @Option(names = "--no-wait", description = "return once the backup has started")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "86400",
            description = "give up waiting after this long (default ${DEFAULT-VALUE}); the backup goes on")
    long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            Member primary = Members.leaderFirst(view).stream().filter(m -> view.isLeader(m.name())).findFirst()
                    .orElseThrow(() -> new Refused("cluster " + cluster.scope() + " has no leader: backups run from the primary"));
            RestClient client = rest.client(cluster);
            RestClient.Response r = client.call("POST", primary, "/backup", Map.of("type", type));
            if (!r.ok()) {
                throw new Refused(primary.name() + " refused the backup: " + r.message());
            }
            System.out.println(primary.name() + ": pgBackRest " + r.json().path("job").asText() + " started");
            if (noWait) {
                return 0;
            }
            Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                RestClient.Response s = client.call("GET", primary, "/backup", null);
                String state = s.json() == null ? "" : s.json().path("state").asText();
                if (state.equals("succeeded") || state.equals("failed")) {
                    System.out.println(primary.name() + ": " + s.json().path("job").asText() + " " + state
                            + (state.equals("failed") ? ": " + s.json().path("result").asText() : ""));
                    return state.equals("succeeded") ? 0 : 1;
                }
            }
            throw new Refused("the backup on " + primary.name() + " did not end within " + timeoutSeconds
                    + "s; it goes on: see 'pgward backup list' later");
        }
    }

    /** One backup of {@code pgbackrest info --output=json} as a table row. */
    static String[] row(String stanza, JsonNode b) {
        JsonNode info = b.path("info");
        return new String[] {stanza, b.path("label").asText(), b.path("type").asText(),
                time(b.path("timestamp").path("start")), time(b.path("timestamp").path("stop")),
                size(info.path("size")), size(info.path("repository").path("delta")),
                b.path("archive").path("start").asText() + " .. " + b.path("archive").path("stop").asText()};
    }

    private static String time(JsonNode epochSeconds) {
        return epochSeconds.isNumber() ? Instant.ofEpochSecond(epochSeconds.asLong()).toString() : "";
    }

    private static String size(JsonNode bytes) {
        if (!bytes.isNumber()) {
            return "";
        }
        double b = bytes.asDouble();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? (long) b + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", b, units[u]);
    }

    static Duration timeout() {
        return Duration.ofMinutes(2);
    }
}
