package io.pgward.cli;

import io.pgward.dcs.WireFormat;
import io.pgward.why.Diagnosis;
import io.pgward.why.Finding;
import io.pgward.why.Finding.Severity;
import io.pgward.why.WhySnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pgward why}: why there is no leader, why a member does not stream, why the last failover chose its node —
 * from etcd's keys and every member's status and decisions, each finding with what blocks and what to do next.
 */
@Command(name = "why", description = "Explain the cluster's state: what blocks a leader, a replica or a failover, and"
        + " the next step, from etcd and every member's decisions. Exit 1 when something is critical.")
final class WhyCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { TEXT, JSON }

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-f", "--format"}, defaultValue = "text", converter = FormatConverter.class,
            description = "text or json (default ${DEFAULT-VALUE})")
    Format format;

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a format: use text or json");
            }
        }
    }

    @Override
    public Integer call() {
        WhySnapshot snapshot = WhyGather.gather(cluster);
        List<Finding> findings = Diagnosis.diagnose(snapshot);
        System.out.print(format == Format.JSON ? json(snapshot, findings) : text(snapshot, findings));
        return findings.stream().anyMatch(f -> f.severity() == Severity.CRITICAL) ? 1 : 0;
    }

    static String text(WhySnapshot s, List<Finding> findings) {
        StringBuilder out = new StringBuilder("Cluster ").append(s.scope()).append(": ").append(summary(findings))
                .append("\n\n");
        boolean commands = false;
        for (Finding f : findings) {
            out.append(f.severity()).append(' ').append(f.subject()).append(": ").append(f.blocker()).append('\n');
            if (f.nextStep() != null) {
                out.append("  next: ").append(f.nextStep()).append('\n');
                commands |= f.nextStep().contains("pgward ");
            }
            if (f.evidence() != null) {
                for (String line : f.evidence().split("\n")) {
                    out.append("  because ").append(line).append('\n');
                }
            }
        }
        if (commands) {
            out.append("\n(the pgward commands above take the same -c FILE, or --dcs-url and --scope, as this one)\n");
        }
        return out.toString();
    }

    private static String summary(List<Finding> findings) {
        List<String> parts = new ArrayList<>();
        for (Severity sev : List.of(Severity.CRITICAL, Severity.WARNING)) {
            long n = findings.stream().filter(f -> f.severity() == sev).count();
            if (n > 0) {
                parts.add(n + " " + sev.name().toLowerCase(Locale.ROOT) + (n == 1 ? "" : sev == Severity.WARNING ? "s" : ""));
            }
        }
        return parts.isEmpty() ? "all is well" : String.join(", ", parts);
    }

    static String json(WhySnapshot s, List<Finding> findings) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", s.scope());
        out.put("healthy", findings.stream().allMatch(f -> f.severity() == Severity.OK || f.severity() == Severity.INFO));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("subject", f.subject());
            m.put("blocker", f.blocker());
            m.put("next_step", f.nextStep());
            m.put("evidence", f.evidence() == null ? List.of() : List.of(f.evidence().split("\n")));
            list.add(m);
        }
        out.put("findings", list);
        List<Map<String, Object>> etcd = new ArrayList<>();
        for (WhySnapshot.EtcdProbe p : s.etcd()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("endpoint", p.endpoint());
            m.put("ok", p.ok());
            if (!p.ok()) {
                m.put("error", p.error());
            }
            etcd.add(m);
        }
        out.put("etcd", etcd);
        out.put("leader", s.cluster() == null ? null : s.cluster().leader());
        out.put("leader_lease_left", s.leaderLeaseLeft());
        return WireFormat.write(out) + "\n";
    }
}
