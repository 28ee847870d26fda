package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pgward restart}: restart PostgreSQL on members, now or at a time; {@code POST /restart} to each. */
@Command(name = "restart", description = "Restart PostgreSQL on members (all by default) via POST /restart.")
final class RestartCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Parameters(paramLabel = "MEMBER", arity = "0..*", description = "members to restart (default: all)")
    List<String> names;

    @Option(names = "--role", defaultValue = "any", converter = Members.RoleConverter.class,
            description = "only members with this role: primary, replica, leader, standby-leader, any (default)")
    Members.Role role;

    @Option(names = "--pending", description = "only if a parameter change is waiting for a restart")
    boolean pending;

    @Option(names = "--scheduled", paramLabel = "TIME", description = "ISO 8601 time, or 'now' (default)")
    String scheduled;

    @Option(names = "--pg-version", paramLabel = "VERSION",
            description = "only members running a PostgreSQL older than this, e.g. 16.4")
    String pgVersion;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "fail (and maybe fail over) when the restart takes longer")
    String timeout;

    @Option(names = "--force", description = "do not ask for confirmation")
    boolean force;

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String scope = cluster.scope();
            RestClient client = rest.client(cluster);
            List<Member> members = Members.select(view, scope, names, role);
            if (members.isEmpty()) {
                throw new Refused("no member of cluster " + scope + " matches (role " + role.label()
                        + (names == null || names.isEmpty() ? "" : ", names " + names) + ")");
            }
            String at = Schedule.parse(scheduled, Clock.systemDefaultZone());
            if (at != null && view.config().pause()) {
                throw new Refused("cluster " + scope + " is paused (maintenance mode): restarts cannot be scheduled;"
                        + " resume it or restart now");
            }
            if (!force) {
                System.out.print(ListCommand.render(scope, view));
                Prompt.stdin().confirmOrAbort("Are you sure you want to restart members "
                        + String.join(", ", members.stream().map(Member::name).toList())
                        + (at == null ? "" : " at " + at) + "?");
            }
            Duration wait = Duration.ofSeconds(60 + seconds(timeout, 60));
            return Report.eachMember(System.out, at == null ? "restart" : "scheduling a restart", members,
                    m -> client.call("POST", m, "/restart", body(m, at), wait));
        }
    }

    /** The {@code POST /restart} body for one member. */
    Map<String, Object> body(Member m, String at) {
        return body(pending, role.restartFilter(m), at, pgVersion, timeout);
    }

    static Map<String, Object> body(boolean pending, String role, String schedule, String pgVersion, String timeout) {
        Map<String, Object> b = new LinkedHashMap<>();
        if (pending) {
            b.put("restart_pending", true);
        }
        if (role != null) {
            b.put("role", role);
        }
        if (schedule != null) {
            b.put("schedule", schedule);
        }
        if (pgVersion != null) {
            if (!pgVersion.matches("\\d+(\\.\\d+){0,2}")) {
                throw new PgwardException(Code.BAD_REQUEST, "--pg-version " + pgVersion
                        + " is not a PostgreSQL version: write it like 16, 16.4 or 9.6.24");
            }
            b.put("postgres_version", pgVersion);
        }
        if (timeout != null) {
            b.put("timeout", seconds(timeout, 0));
        }
        return b;
    }

    /** {@code --timeout} as whole seconds: a number, optionally followed by s, min or h. */
    static long seconds(String value, long defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        var m = java.util.regex.Pattern.compile("(\\d+)\\s*(s|min|h)?").matcher(value.strip());
        if (!m.matches()) {
            throw new PgwardException(Code.BAD_REQUEST, "--timeout " + value + " is not a duration: give seconds"
                    + " (60), or a number with s, min or h (5min)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "min" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }
}
