package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.BackupHealthJson;
import io.pgward.dcs.WireFormat;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.BackupHealth;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pgward list}: the members as a table, like {@code patronictl list}. */
@Command(name = "list", description = "Show the cluster's members, roles, states and lag.")
final class ListCommand implements Callable<Integer> {

    /** Output formats of list-like commands. */
    enum Format { PRETTY, TSV, JSON, YAML }

    /**
     * One member's line; {@code tl} null when unknown; {@code lagMb} null for the leader, -1 when unknown, else
     * how far the member is behind the leader's last published WAL position ({@code status}, else its member key);
     * {@code cascadesFrom} the member a replica streams from when that is not the leader (cascading), else null.
     */
    record Row(String cluster, String member, String host, String role, String state, Integer tl, Long lagMb,
               boolean pendingRestart, String scheduledRestart, BackupHealth backup, String cascadesFrom) {}

    static final String[] COLUMNS = {"Cluster", "Member", "Host", "Role", "State", "TL", "Lag in MB"};

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-f", "--format"}, defaultValue = "pretty", converter = FormatConverter.class,
            description = "pretty, tsv, json or yaml (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-W", "--watch"}, description = "refresh every 2 seconds until interrupted")
    boolean watch;

    @Option(names = "-w", paramLabel = "SECONDS", description = "refresh every SECONDS seconds until interrupted")
    Double interval;

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a format: use pretty, tsv, json or yaml");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (interval != null && !(interval > 0)) {
            throw new PgwardException(Code.BAD_REQUEST, "-w needs a positive number of seconds, e.g. -w 5");
        }
        long sleepMillis = interval != null ? Math.round(interval * 1000) : 2000;
        boolean repeat = watch || interval != null;
        try (EtcdDcs dcs = cluster.dcs()) {
            do {
                ClusterView view = dcs.read();
                System.out.print(render(cluster.scope(), view, format));
                System.out.flush();
                if (repeat) {
                    Thread.sleep(sleepMillis);
                    System.out.println();
                }
            } while (repeat);
        }
        return 0;
    }

    static List<Row> rows(String scope, ClusterView view) {
        List<Row> rows = new ArrayList<>();
        for (Member m : view.members()) {
            rows.add(row(scope, view, m));
        }
        return rows;
    }

    static Row row(String scope, ClusterView view, Member m) {
        boolean leader = view.isLeader(m.name());
        String host = m.connUrl() == null ? "" : URI.create(m.connUrl()).getAuthority();
        String state = m.replicationState() != null && "running".equals(m.state()) ? m.replicationState() : m.state();
        long optime = view.statusOptime() != 0 ? view.statusOptime()
                : view.leaderMember().map(Member::walPosition).orElse(0L);
        Long lag = leader ? null : m.walPosition() == 0 || optime == 0 ? Long.valueOf(-1)
                : Long.valueOf(Math.max(0, optime - m.walPosition()) / (1024 * 1024));
        String role = leader ? ("standby_leader".equals(m.role()) ? "Standby Leader" : "Leader")
                : syncStandby(view, m) ? "Sync Standby" : "Replica";
        return new Row(scope, m.name(), host == null ? "" : host, role, state == null ? "" : state,
                m.timeline() > 0 ? m.timeline() : null, lag, m.pendingRestart(), m.scheduledRestart(),
                leader ? m.backup() : null, leader || view.isLeader(String.valueOf(m.upstream())) ? null : m.upstream());
    }

    /** Listed in the {@code sync} key written for the current leader. */
    private static boolean syncStandby(ClusterView view, Member m) {
        return view.sync() != null && view.hasLeader() && view.leader().equals(view.sync().leader())
                && view.sync().isSyncStandby(m.name());
    }

    static String render(String scope, ClusterView view) {
        return render(scope, view, Format.PRETTY);
    }

    static String render(String scope, ClusterView view, Format format) {
        return render(scope, view, format, Instant.now());
    }

    static String render(String scope, ClusterView view, Format format, Instant now) {
        List<Row> rows = rows(scope, view);
        return switch (format) {
            case PRETTY -> pretty(scope, view, rows, List.of(), now);
            case TSV -> tsv(rows);
            case JSON -> WireFormat.write(maps(rows, now)) + "\n";
            case YAML -> YamlText.dump(maps(rows, now));
        };
    }

    /** The bordered table with the cluster header and footer notes; {@code names} overrides member names. */
    static String pretty(String scope, ClusterView view, List<Row> rows, List<String> names) {
        return pretty(scope, view, rows, names, Instant.now());
    }

    static String pretty(String scope, ClusterView view, List<Row> rows, List<String> names, Instant now) {
        List<String[]> table = new ArrayList<>();
        boolean pending = rows.stream().anyMatch(Row::pendingRestart);
        boolean scheduled = rows.stream().anyMatch(r -> r.scheduledRestart() != null);
        boolean cascading = rows.stream().anyMatch(r -> r.cascadesFrom() != null);
        List<String> header = new ArrayList<>(List.of("Member", "Host", "Role", "State", "TL", "Lag in MB"));
        if (cascading) {
            header.add("Streams from");
        }
        if (pending) {
            header.add("Pending restart");
        }
        if (scheduled) {
            header.add("Scheduled restart");
        }
        table.add(header.toArray(new String[0]));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> cells = new ArrayList<>(List.of(names.isEmpty() ? r.member() : names.get(i), r.host(), r.role(),
                    r.state(), r.tl() == null ? "" : r.tl().toString(), lagText(r)));
            if (cascading) {
                cells.add(r.cascadesFrom() == null ? "" : r.cascadesFrom());
            }
            if (pending) {
                cells.add(r.pendingRestart() ? "*" : "");
            }
            if (scheduled) {
                cells.add(r.scheduledRestart() == null ? "" : r.scheduledRestart());
            }
            table.add(cells.toArray(new String[0]));
        }
        StringBuilder out = new StringBuilder();
        String init = view.initialize();
        out.append("Cluster: ").append(scope);
        if (init != null && !init.isEmpty()) {
            out.append(" (").append(init).append(')');
        }
        out.append('\n');
        out.append(Table.render(table));
        if (view.config().pause()) {
            out.append(" Maintenance mode: on\n");
        }
        if (view.failover() != null && view.failover().scheduledAt() != null) {
            out.append(" Switchover scheduled at: ").append(view.failover().scheduledAt()).append('\n');
            if (view.failover().leader() != null) {
                out.append("                    from: ").append(view.failover().leader()).append('\n');
            }
            if (view.failover().candidate() != null) {
                out.append("                      to: ").append(view.failover().candidate()).append('\n');
            }
        }
        if (!view.hasLeader()) {
            out.append(" No leader: the cluster is unlocked\n");
        }
        var standby = view.config().standbyCluster();
        if (standby != null) {
            out.append(" Standby cluster: replicating from ").append(standby.streams() ? standby.upstreamName()
                    .substring(io.pgward.config.StandbyCluster.REMOTE_PREFIX.length()) : "the archive (restore_command)")
                    .append(standby.primarySlotName() == null ? "" : " through slot " + standby.primarySlotName())
                    .append('\n');
        }
        BackupFooter.line(view, now).ifPresent(line -> out.append(' ').append(line).append('\n'));
        return out.toString();
    }

    private static String lagText(Row r) {
        return r.lagMb() == null ? "" : r.lagMb() < 0 ? "unknown" : r.lagMb().toString();
    }

    private static String tsv(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
        for (Row r : rows) {
            out.append(String.join("\t", r.cluster(), r.member(), r.host(), r.role(), r.state(),
                    r.tl() == null ? "" : r.tl().toString(), lagText(r))).append('\n');
        }
        return out.toString();
    }

    /**
     * patronictl's json/yaml shape: one object per member; empty values (the leader's lag) are left out. The leader's
     * object also carries pgward's {@code Backup} (its look at the backup repository, with each backup's age).
     */
    static List<Map<String, Object>> maps(List<Row> rows, Instant now) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Cluster", r.cluster());
            m.put("Member", r.member());
            putIfPresent(m, "Host", r.host());
            m.put("Role", r.role());
            putIfPresent(m, "State", r.state());
            if (r.tl() != null) {
                m.put("TL", r.tl());
            }
            if (r.lagMb() != null) {
                m.put("Lag in MB", r.lagMb() < 0 ? "unknown" : r.lagMb());
            }
            if (r.cascadesFrom() != null) {
                m.put("Streams from", r.cascadesFrom());
            }
            if (r.pendingRestart()) {
                m.put("Pending restart", "*");
            }
            if (r.scheduledRestart() != null) {
                m.put("Scheduled restart", r.scheduledRestart());
            }
            if (r.backup() != null) {
                m.put("Backup", BackupHealthJson.write(r.backup(), now));
            }
            out.add(m);
        }
        return out;
    }

    private static void putIfPresent(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }
}
