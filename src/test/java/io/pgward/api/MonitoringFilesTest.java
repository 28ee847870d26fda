package io.pgward.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pgward.config.DynamicConfig;
import io.pgward.ha.AgentCounters;
import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import io.pgward.ha.SyncState;
import io.pgward.postgres.PgStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules and Grafana dashboard (monitoring/): every PromQL expression names only metrics that
 * {@link Metrics} renders, and promtool's unit tests of the rules pass.
 */
class MonitoringFilesTest {

    static final Path RULES = Path.of("monitoring/pgward-alerts.yml");
    static final Path RULE_TESTS = Path.of("monitoring/pgward-alerts-test.yml");
    static final Path DASHBOARD = Path.of("monitoring/pgward-dashboard.json");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    /** Every series name /metrics can hold: a snapshot with all optional parts (counters, archiver, backup) rendered. */
    static Set<String> exportedNames() {
        var config = TestNode.config(8008, "");
        var local = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, false, 3, 4096, null, false);
        var status = new PgStatus(false, 3, 4096, 0, 0, null, null, false, "2026-01-01 00:00:10+00", 150020,
                List.of(), List.of(), new PgStatus.Archiver(5, 1, 1767225600, 1767225500));
        var view = new ClusterView("n1", "1", List.of(), DynamicConfig.defaults(), true, 1, null, 0, List.of(),
                SyncState.EMPTY);
        var counters = new AgentCounters();
        counters.promoted();
        counters.demoted(io.pgward.ha.Action.DemoteMode.IMMEDIATE_NOLOCK);
        counters.etcdError("unreachable");
        counters.cycle(Duration.ofMillis(20));
        Instant now = Instant.parse("2026-01-01T00:01:00Z");
        var backup = new io.pgward.ha.BackupHealth("n1", now, true, null, Map.of());
        String text = Metrics.render(config, new NodeSnapshot(view, local, status, "running", now, now, List.of(),
                Map.of(), null, counters.snapshot(), backup), now);
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(text);
        while (m.find()) {
            if (m.group(2).equals("histogram")) {
                names.addAll(List.of(m.group(1) + "_bucket", m.group(1) + "_sum", m.group(1) + "_count"));
            } else {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static final Set<String> WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "inf", "nan");

    /** The metric names a PromQL expression selects (label matchers, ranges, grouping and functions left out). */
    static Set<String> metricNames(String expr) {
        String e = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\S+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.$])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?").matcher(e);
        while (m.find()) {
            if (m.group(2) == null && !WORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Each alert rule's expression, by alert name. */
    static Map<String, String> ruleExpressions() throws Exception {
        JsonNode root = new YAMLMapper().readTree(RULES.toFile());
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : root.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                out.put(rule.get("alert").asText(), rule.get("expr").asText());
            }
        }
        return out;
    }

    /** Each panel target's and template query's expression, named by panel title; Grafana variables filled in. */
    static Map<String, String> dashboardExpressions() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : root.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                out.put(panel.get("title").asText() + " " + target.get("refId").asText(),
                        grafana(target.get("expr").asText()));
            }
        }
        for (JsonNode variable : root.get("templating").get("list")) {
            Matcher m = Pattern.compile("^label_values\\((.*),\\s*\\w+\\)$").matcher(variable.get("query").asText());
            if (variable.get("type").asText().equals("query") && m.find()) {
                out.put("variable " + variable.get("name").asText(), m.group(1));
            }
        }
        return out;
    }

    private static String grafana(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$scope", "demo");
    }

    @Test
    void everyAlertRuleAndDashboardExpressionNamesOnlyExportedMetrics() throws Exception {
        Set<String> exported = exportedNames();
        assertThat(exported).contains("patroni_primary", "pgward_ha_cycle_seconds_bucket",
                "pgward_archiver_failed_total", "pgward_etcd_errors_total", "pgward_backup_repository_reachable",
                "pgward_backup_last_success_timestamp_seconds");
        Map<String, String> expressions = new LinkedHashMap<>(ruleExpressions());
        expressions.putAll(dashboardExpressions());
        assertThat(expressions).hasSizeGreaterThan(20);
        List<String> unknown = new ArrayList<>();
        expressions.forEach((where, expr) -> {
            Set<String> names = metricNames(expr);
            if (names.isEmpty()) {
                unknown.add(where + ": names no metric at all: " + expr);
            }
            names.stream().filter(n -> !exported.contains(n)).forEach(n -> unknown.add(where + ": " + n));
        });
        assertThat(unknown).as("metrics pgward does not export (exported: %s)", exported).isEmpty();
    }

    @Test
    void theNameCheckSeesThroughLabelsRangesGroupingAndFunctions() {
        assertThat(metricNames("max by (scope) (patroni_xlog_location{scope=~\"a|b\"}) - on (scope, name)"
                + " group_right patroni_replica offset 10m and rate(pgward_nope_total[5m]) > 16 * 1024"))
                .containsExactly("patroni_replica", "patroni_xlog_location", "pgward_nope_total");
        assertThat(metricNames("time() - patroni_dcs_last_seen")).containsExactly("patroni_dcs_last_seen");
        assertThat(metricNames("histogram_quantile(0.99, sum by (le) (rate(x_bucket{a=\"}\"}[1m])))"))
                .containsExactly("x_bucket");
    }

    @Test
    void dashboardPanelsReadTheChosenDatasourceAndCluster() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : root.get("panels")) {
            assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText())
                    .isEqualTo("${datasource}");
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText();
                for (String name : metricNames(grafana(expr))) {
                    assertThat(expr).as("%s selects %s of the chosen clusters only", panel.get("title").asText(), name)
                            .contains(name + "{scope=~\"$scope\"}");
                }
            }
        }
    }

    /** promtool's rule unit tests (monitoring/pgward-alerts-test.yml), and the dashboard's PromQL parses. */
    @Test
    void promtoolTestsTheAlertRulesAndParsesTheDashboard(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (apt-get install prometheus;"
                + " scripts/setup.sh installs it): the alert rules' unit tests did not run");
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS: 13 rules found");
        assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : dashboardExpressions().values()) {
            rules.append("      - record: dashboard_expr_").append(i++).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Path file = dir.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);
        assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS: " + i + " rules found");
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }
}
