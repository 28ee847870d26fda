package io.pgward.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of bench/run and what it implies (quick mode, output directory, jar). */
final class Options {

    static final List<String> SCENARIO_NAMES = List.of("a", "b", "c", "d", "e");
    /** Scenarios run only when named: etcd frozen 40 s without (f) and with (g) failsafe_mode. */
    static final List<String> OPT_IN_SCENARIOS = List.of("f", "g");

    Path repo = Path.of(".").toAbsolutePath().normalize();
    Path base = Path.of("/tmp/pgward-bench");
    Path jar;
    Path out;
    boolean quick;
    int trials = 5;
    Integer defaultTrials;
    List<String> tools = List.of("pgward", "patroni");
    List<Profile> profiles = List.of(Profile.DEFAULT, Profile.FAST);
    List<String> scenarios = SCENARIO_NAMES;
    List<String> syncScenarios = SCENARIO_NAMES;
    int idleSeconds = 60;
    int idleTrials = 1;
    int restRequests = 2000;
    int restWarmup = 200;
    int restThroughputSeconds = 3;
    int restThreads = 4;
    double baselineSeconds = 2.0;
    double tailSeconds = 1.0;
    int portBase = 20000;
    boolean keep;
    /** A client through HAProxy (pgward haproxy-config) beside the direct writer: on when HAProxy is installed. */
    boolean haproxy;
    int holdSeconds;
    Path reportOnly;
    /** The command as shown in the report: bench/run and the options that change what is measured. */
    String command;

    int trialsFor(Profile p) {
        if (p == Profile.DEFAULT) {
            return defaultTrials != null ? defaultTrials : trials;
        }
        return trials;
    }

    /** Parses the arguments; --help prints the usage and exits 0, an unknown option exits 64. */
    static Options parse(String[] args) {
        Options o = new Options();
        Args r = new Args(Arrays.asList(args));
        Integer trials = null;
        String tool = "both";
        String profile = null;
        Integer idle = null;
        String scen = null;
        String syncScen = null;
        Boolean haproxy = null;
        while (r.more()) {
            String k = r.next();
            switch (k) {
                case "--repo" -> o.repo = Path.of(r.next()).toAbsolutePath().normalize();
                case "--jar" -> o.jar = Path.of(r.next());
                case "--base" -> { o.base = Path.of(r.next()); r.show(k + " " + o.base); }
                case "--out" -> o.out = Path.of(r.value(k)).toAbsolutePath();
                case "--quick" -> { o.quick = true; r.show(k); }
                case "--trials" -> trials = r.intValue(k);
                case "--default-trials" -> o.defaultTrials = r.intValue(k);
                case "--tool" -> tool = r.value(k);
                case "--profile" -> profile = r.value(k);
                case "--idle-seconds" -> idle = r.intValue(k);
                case "--idle-trials" -> o.idleTrials = r.intValue(k);
                case "--scenarios" -> scen = r.value(k);
                case "--sync-scenarios" -> syncScen = r.value(k);
                case "--port-base" -> o.portBase = r.intValue(k);
                case "--keep" -> { o.keep = true; r.show(k); }
                case "--haproxy" -> { haproxy = true; r.show(k); }
                case "--no-haproxy" -> { haproxy = false; r.show(k); }
                case "--report-only" -> o.reportOnly = Path.of(r.next()).toAbsolutePath();
                case "--hold" -> o.holdSeconds = r.intValue(k);
                case "-h", "--help" -> { usage(); System.exit(0); }
                default -> { System.err.println("bench: unknown option " + k); usage(); System.exit(64); }
            }
        }
        o.command = r.command();
        o.tools = switch (tool) {
            case "both" -> List.of("pgward", "patroni");
            case "pgward", "patroni" -> List.of(tool);
            default -> throw new IllegalArgumentException("--tool pgward|patroni|both");
        };
        if (o.quick) {
            o.trials = trials == null ? 1 : trials;
            o.profiles = List.of(Profile.FAST);
            o.idleSeconds = idle == null ? 10 : idle;
            o.restRequests = 300;
            o.restWarmup = 50;
            o.restThroughputSeconds = 1;
            o.baselineSeconds = 1.0;
            o.syncScenarios = List.of("c");
        } else {
            o.trials = trials == null ? 5 : trials;
            if (idle != null) {
                o.idleSeconds = idle;
            }
        }
        if (profile != null) {
            o.profiles = switch (profile) {
                case "both" -> List.of(Profile.DEFAULT, Profile.FAST);
                case "default" -> List.of(Profile.DEFAULT);
                case "fast" -> List.of(Profile.FAST);
                default -> throw new IllegalArgumentException("--profile default|fast|both");
            };
        }
        if (scen != null) {
            o.scenarios = splitScenarios(scen);
        }
        if (syncScen != null) {
            o.syncScenarios = splitScenarios(syncScen);
        }
        o.haproxy = haproxy != null ? haproxy : !o.quick && Haproxy.installed();
        if (o.haproxy && !Haproxy.installed()) {
            throw new IllegalArgumentException("--haproxy: " + Haproxy.BINARY + " is missing (apt-get install haproxy)");
        }
        if (o.out == null) {
            o.out = o.quick ? o.base.resolve("quick-out") : o.repo.resolve("docs");
        }
        if (o.jar == null) {
            o.jar = o.repo.resolve("target/pgward.jar");
        }
        return o;
    }

    /** "a,b" to [a, b]; blank or "none" to no scenario. */
    static List<String> splitScenarios(String s) {
        if (s.isBlank() || s.equals("none")) {
            return List.of();
        }
        List<String> l = Arrays.stream(s.split(",")).map(String::trim).toList();
        for (String x : l) {
            if (!SCENARIO_NAMES.contains(x) && !OPT_IN_SCENARIOS.contains(x)) {
                throw new IllegalArgumentException("scenario must be one of a,b,c,d,e,f,g (or none): " + x);
            }
        }
        return l;
    }

    static void usage() {
        System.err.println("""
                usage: bench/run [--quick] [--trials N] [--default-trials N] [--tool pgward|patroni|both]
                                 [--profile default|fast|both] [--scenarios a,b,c,d,e,f,g] [--sync-scenarios a,b,c,d,e,f,g|none]
                                 [--idle-seconds N] [--idle-trials N] [--out DIR] [--port-base N] [--keep]
                                 [--haproxy | --no-haproxy]
                  --quick           smoke mode: 1 trial, fast profile, short idle/REST phases, sync mode only for (c);
                                    writes to /tmp/pgward-bench/quick-out unless --out is given; judges no timing
                  --trials N        trials per tool and profile (default 5)
                  --default-trials  trials for the default profile only (default: --trials); a default-profile
                                    trial takes about 1.4 times as long as a fast one
                  --port-base N     PostgreSQL on N+5432.., REST on N+8008.., etcd on N+2379/N+2380 (default 20000)
                  --haproxy         a second writer through HAProxy (pgward haproxy-config, port N+5000) in every
                                    scenario; on by default when /usr/sbin/haproxy exists, except with --quick
                  --keep            keep data directories under /tmp/pgward-bench/run
                  --hold N          after bootstrap, keep the healthy cluster idle N seconds (to inspect it)
                  --report-only F   rewrite benchmarks.md and the PNG (in --out, default docs/) from the JSON
                                    file F of an earlier run (after editing bench/analysis.md); runs nothing""");
    }

    /** The arguments still to read, and the options that go into the command shown in the report. */
    private static final class Args {

        private final List<String> args;
        private final List<String> shown = new ArrayList<>();
        private int i = -1;

        Args(List<String> args) {
            this.args = args;
        }

        boolean more() {
            return i + 1 < args.size();
        }

        String next() {
            return args.get(++i);
        }

        void show(String s) {
            shown.add(s);
        }

        /** bench/run and the options shown. */
        String command() {
            return "bench/run" + (shown.isEmpty() ? "" : " " + String.join(" ", shown));
        }

        /** The value of option k, shown as "k value". */
        String value(String k) {
            String v = next();
            show(k + " " + v);
            return v;
        }

        /** The whole-number value of option k, shown as "k value". */
        int intValue(String k) {
            int v = Integer.parseInt(next());
            show(k + " " + v);
            return v;
        }
    }
}
