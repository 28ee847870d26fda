/*
 * pgward benchmark harness: pgward vs Debian's Patroni on the same machine, in the same run, alternating.
 *
 * Run it through bench/run (which installs Patroni from apt when missing, copies the jar and starts this file
 * with Java's single-file source launcher: no Maven, no compilation step). Everything it starts (etcd, agents
 * and through them PostgreSQL) it stops by PID. Data lives under /tmp/pgward-bench.
 *
 * See docs/benchmarks.md ("Method") for the definition of every figure.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String SU_PASSWORD = "bench-su-secret";
    static final String SCOPE = "bench";
    static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    static final String[] SCENARIO_NAMES = {"a", "b", "c", "d"};
    static final Map<String, String> SCENARIO_LABEL = Map.of(
            "a", "(a) kill -9 agent + PostgreSQL of the primary",
            "b", "(b) kill -9 postmaster of the primary",
            "c", "(c) planned switchover (POST /switchover)",
            "d", "(d) SIGTERM to the primary's agent");
    static final Map<String, String> SCENARIO_SHORT = Map.of(
            "a", "a: kill -9 agent+PG", "b", "b: kill -9 postmaster", "c", "c: switchover", "d", "d: SIGTERM agent");

    /** Timing profile written to bootstrap.dcs. */
    record Profile(String name, int ttl, int loopWait, int retryTimeout) {
        String describe() {
            return "ttl " + ttl + ", loop_wait " + loopWait + ", retry_timeout " + retryTimeout;
        }
    }

    static final Profile DEFAULT = new Profile("default", 30, 10, 10);
    static final Profile FAST = new Profile("fast", 20, 2, 5);

    // ------------------------------------------------------------------------------------------------ options

    static final class Opts {
        Path repo = Path.of(".").toAbsolutePath().normalize();
        Path base = Path.of("/tmp/pgward-bench");
        Path jar;
        Path out;
        boolean quick;
        int trials = 5;
        Integer defaultTrials;
        List<String> tools = List.of("pgward", "patroni");
        List<Profile> profiles = List.of(DEFAULT, FAST);
        List<String> scenarios = List.of(SCENARIO_NAMES);
        List<String> syncScenarios = List.of(SCENARIO_NAMES);
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
        int holdSeconds;
        Path reportOnly;
        String command;

        int trialsFor(Profile p) {
            if (p == DEFAULT) {
                return defaultTrials != null ? defaultTrials : trials;
            }
            return trials;
        }

        static Opts parse(String[] args) {
            Opts o = new Opts();
            List<String> a = Arrays.asList(args);
            Integer trials = null;
            String tool = "both";
            String profile = null;
            Integer idle = null;
            String scen = null;
            String syncScen = null;
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                String k = a.get(i);
                switch (k) {
                    case "--repo" -> o.repo = Path.of(a.get(++i)).toAbsolutePath().normalize();
                    case "--jar" -> o.jar = Path.of(a.get(++i));
                    case "--base" -> { o.base = Path.of(a.get(++i)); shown.add(k + " " + o.base); }
                    case "--out" -> { o.out = Path.of(a.get(++i)).toAbsolutePath(); shown.add(k + " " + a.get(i)); }
                    case "--quick" -> { o.quick = true; shown.add(k); }
                    case "--trials" -> { trials = Integer.parseInt(a.get(++i)); shown.add(k + " " + trials); }
                    case "--default-trials" -> {
                        o.defaultTrials = Integer.parseInt(a.get(++i));
                        shown.add(k + " " + o.defaultTrials);
                    }
                    case "--tool" -> { tool = a.get(++i); shown.add(k + " " + tool); }
                    case "--profile" -> { profile = a.get(++i); shown.add(k + " " + profile); }
                    case "--idle-seconds" -> { idle = Integer.parseInt(a.get(++i)); shown.add(k + " " + idle); }
                    case "--idle-trials" -> {
                        o.idleTrials = Integer.parseInt(a.get(++i));
                        shown.add(k + " " + o.idleTrials);
                    }
                    case "--scenarios" -> { scen = a.get(++i); shown.add(k + " " + scen); }
                    case "--sync-scenarios" -> { syncScen = a.get(++i); shown.add(k + " " + syncScen); }
                    case "--port-base" -> {
                        o.portBase = Integer.parseInt(a.get(++i));
                        shown.add(k + " " + o.portBase);
                    }
                    case "--keep" -> { o.keep = true; shown.add(k); }
                    case "--report-only" -> o.reportOnly = Path.of(a.get(++i)).toAbsolutePath();
                    case "--hold" -> { o.holdSeconds = Integer.parseInt(a.get(++i)); shown.add(k + " " + o.holdSeconds); }
                    case "-h", "--help" -> { usage(); System.exit(0); }
                    default -> { System.err.println("bench: unknown option " + k); usage(); System.exit(64); }
                }
            }
            o.command = "bench/run" + (shown.isEmpty() ? "" : " " + String.join(" ", shown));
            o.tools = switch (tool) {
                case "both" -> List.of("pgward", "patroni");
                case "pgward", "patroni" -> List.of(tool);
                default -> throw new IllegalArgumentException("--tool pgward|patroni|both");
            };
            if (o.quick) {
                o.trials = trials == null ? 1 : trials;
                o.profiles = List.of(FAST);
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
                    case "both" -> List.of(DEFAULT, FAST);
                    case "default" -> List.of(DEFAULT);
                    case "fast" -> List.of(FAST);
                    default -> throw new IllegalArgumentException("--profile default|fast|both");
                };
            }
            if (scen != null) {
                o.scenarios = splitScenarios(scen);
            }
            if (syncScen != null) {
                o.syncScenarios = splitScenarios(syncScen);
            }
            if (o.out == null) {
                o.out = o.quick ? o.base.resolve("quick-out") : o.repo.resolve("docs");
            }
            if (o.jar == null) {
                o.jar = o.repo.resolve("target/pgward.jar");
            }
            return o;
        }

        static List<String> splitScenarios(String s) {
            if (s.isBlank() || s.equals("none")) {
                return List.of();
            }
            List<String> l = Arrays.stream(s.split(",")).map(String::trim).toList();
            for (String x : l) {
                if (!List.of(SCENARIO_NAMES).contains(x)) {
                    throw new IllegalArgumentException("scenario must be one of a,b,c,d (or none): " + x);
                }
            }
            return l;
        }

        static void usage() {
            System.err.println("""
                    usage: bench/run [--quick] [--trials N] [--default-trials N] [--tool pgward|patroni|both]
                                     [--profile default|fast|both] [--scenarios a,b,c,d] [--sync-scenarios a,b,c,d|none]
                                     [--idle-seconds N] [--idle-trials N] [--out DIR] [--port-base N] [--keep]
                      --quick           smoke mode: 1 trial, fast profile, short idle/REST phases, sync mode only for (c);
                                        writes to /tmp/pgward-bench/quick-out unless --out is given; judges no timing
                      --trials N        trials per tool and profile (default 5)
                      --default-trials  trials for the default profile only (default: --trials); a default-profile
                                        trial takes about 1.4 times as long as a fast one
                      --port-base N     PostgreSQL on N+5432.., REST on N+8008.., etcd on N+2379/N+2380 (default 20000)
                      --keep            keep data directories under /tmp/pgward-bench/run
                      --hold N          after bootstrap, keep the healthy cluster idle N seconds (to inspect it)
                      --report-only F   rewrite benchmarks.md and the PNG (in --out, default docs/) from the JSON
                                        file F of an earlier run (after editing bench/analysis.md); runs nothing""");
        }
    }

    // ------------------------------------------------------------------------------------------------ logging

    static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    static final String RUN_STAMP = java.time.LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

    static synchronized void log(String msg) {
        System.out.println("[" + LocalTime.now().format(HMS) + "] " + msg);
        System.out.flush();
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /** Polls until the condition holds; false on timeout. */
    static boolean waitFor(double timeoutSeconds, double pollSeconds, BooleanSupplier cond) {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            try {
                if (cond.getAsBoolean()) {
                    return true;
                }
            } catch (AgentDied | RefusedSwitchover e) {
                throw e;
            } catch (RuntimeException e) {
                // keep polling
            }
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(pollSeconds);
        }
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return s;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static void mkdir755(Path p) throws IOException {
        Files.createDirectories(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log("warning: could not delete " + p + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ processes

    /** Every process this run started (agents, etcd), for the shutdown hook. */
    static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
    /** Data directories whose postmasters must not survive the run. */
    static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

    static Optional<ProcessHandle> postmasterOf(Path dataDir) {
        Path pid = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pid)) {
                return Optional.empty();
            }
            long n = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            return ProcessHandle.of(n).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** kill -9 of a postmaster and every process it started. */
    static void killTree(ProcessHandle pm) {
        List<ProcessHandle> children = pm.descendants().toList();
        pm.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    static void killEverything() {
        for (Process p : STARTED) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Path d : DATA_DIRS) {
            postmasterOf(d).ifPresent(Bench::killTree);
        }
    }

    /** Processes left by an earlier, interrupted run: their command line names our run directory. */
    static void killLeftovers(Path runDir) {
        String marker = runDir.toString() + "/";
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains(marker)) {
                        ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                    }
                } catch (IOException e) {
                    // gone
                }
            }
        } catch (IOException e) {
            return;
        }
        for (ProcessHandle h : found) {
            log("killing a process left by an earlier run: pid " + h.pid() + " " + h.info().commandLine().orElse(""));
            killTree(h);
        }
    }

    /** /proc/pid/stat utime+stime+cutime+cstime in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // after ")": state(0) ppid(1) ... utime is field 14 overall -> index 11 here
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    // ------------------------------------------------------------------------------------------------ etcd

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    static final class Etcd {
        final String url;

        Etcd(int port) {
            this.url = "http://127.0.0.1:" + port;
        }

        JsonNode post(String path, String body) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(3)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("etcd " + path + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        }

        static String b64(String s) {
            return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }

        /** value and lease id of a key, or null. */
        String[] get(String key) {
            try {
                JsonNode kvs = post("/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}").path("kvs");
                if (!kvs.isArray() || kvs.isEmpty()) {
                    return null;
                }
                JsonNode kv = kvs.get(0);
                String v = new String(Base64.getDecoder().decode(kv.path("value").asText("")), StandardCharsets.UTF_8);
                return new String[] {v, kv.path("lease").asText("0")};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
        }

        long leaseTtl(String leaseId) {
            try {
                return post("/v3/lease/timetolive", "{\"ID\":\"" + leaseId + "\"}").path("TTL").asLong(-1);
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        boolean healthy() {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && r.body().contains("true");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ PostgreSQL

    static Connection connect(int port, int socketTimeout) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", SU_PASSWORD);
        p.setProperty("connectTimeout", "1");
        p.setProperty("loginTimeout", "2");
        p.setProperty("socketTimeout", Integer.toString(socketTimeout));
        p.setProperty("sslmode", "disable");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "bench");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    /** What one look at a node's PostgreSQL shows. */
    record PgState(boolean up, boolean inRecovery, String walReceiver, int timeline, int streaming, int sync) {
        static final PgState DOWN = new PgState(false, false, null, 0, 0, 0);
    }

    // ------------------------------------------------------------------------------------------------ cluster

    static final class Cluster implements AutoCloseable {
        final Opts o;
        final String tool;
        final Profile profile;
        final Path dir;
        final int n = 3;
        final int[] pgPorts = new int[3];
        final int[] restPorts = new int[3];
        final int etcdClient;
        final int etcdPeer;
        final Etcd etcd;
        Process etcdProc;
        final Process[] agents = new Process[3];
        final Connection[] mon = new Connection[3];
        final String[] monError = new String[3];
        final List<String> notes = new ArrayList<>();

        Cluster(Opts o, String tool, Profile profile, Path dir) {
            this.o = o;
            this.tool = tool;
            this.profile = profile;
            this.dir = dir;
            for (int i = 0; i < n; i++) {
                pgPorts[i] = o.portBase + 5432 + i;
                restPorts[i] = o.portBase + 8008 + i;
            }
            etcdClient = o.portBase + 2379;
            etcdPeer = o.portBase + 2380;
            etcd = new Etcd(etcdClient);
        }

        String name(int i) {
            return "n" + (i + 1);
        }

        int index(String name) {
            return Integer.parseInt(name.substring(1)) - 1;
        }

        Path nodeDir(int i) {
            return dir.resolve(name(i));
        }

        Path dataDir(int i) {
            return nodeDir(i).resolve("data");
        }

        Path config(int i) {
            return dir.resolve(name(i) + ".yml");
        }

        Path agentLog(int i) {
            return dir.resolve(name(i) + ".log");
        }

        static void awaitPortFree(int port) {
            boolean free = waitFor(60, 0.5, () -> {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress("127.0.0.1", port));
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            if (!free) {
                throw new IllegalStateException("port " + port + " stays in use; move the cluster with --port-base");
            }
        }

        void prepare() throws IOException {
            mkdir755(dir);
            for (int i = 0; i < n; i++) {
                mkdir755(nodeDir(i));
                run("chown", "postgres:postgres", nodeDir(i).toString());
                DATA_DIRS.add(dataDir(i));
                Files.writeString(config(i), yaml(i));
            }
            for (int p : pgPorts) {
                awaitPortFree(p);
            }
            for (int p : restPorts) {
                awaitPortFree(p);
            }
            awaitPortFree(etcdClient);
            awaitPortFree(etcdPeer);
        }

        String yaml(int i) {
            return """
                    scope: %s
                    name: %s
                    restapi:
                      listen: 127.0.0.1:%d
                      connect_address: 127.0.0.1:%d
                    etcd3:
                      hosts: 127.0.0.1:%d
                    bootstrap:
                      dcs:
                        ttl: %d
                        loop_wait: %d
                        retry_timeout: %d
                        maximum_lag_on_failover: 1048576
                        postgresql:
                          use_pg_rewind: true
                          parameters:
                            wal_log_hints: 'on'
                      initdb:
                        - data-checksums
                        - encoding: UTF8
                        - locale: C.UTF-8
                    postgresql:
                      listen: 127.0.0.1:%d
                      connect_address: 127.0.0.1:%d
                      data_dir: %s
                      bin_dir: %s
                      pgpass: %s
                      pg_ctl_timeout: 60
                      authentication:
                        superuser: {username: postgres, password: %s}
                        replication: {username: replicator, password: bench-repl-secret}
                        rewind: {username: rewinder, password: bench-rewind-secret}
                      parameters:
                        log_min_messages: warning
                      pg_hba:
                        - local all all peer
                        - host all all 127.0.0.1/32 scram-sha-256
                        - host replication replicator 127.0.0.1/32 scram-sha-256
                    """.formatted(SCOPE, name(i), restPorts[i], restPorts[i], etcdClient, profile.ttl(),
                    profile.loopWait(), profile.retryTimeout(), pgPorts[i], pgPorts[i], dataDir(i), PG_BIN,
                    nodeDir(i).resolve("pgpass"), SU_PASSWORD);
        }

        void startEtcd() throws IOException {
            Path data = dir.resolve("etcd");
            String peer = "http://127.0.0.1:" + etcdPeer;
            String client = "http://127.0.0.1:" + etcdClient;
            ProcessBuilder pb = new ProcessBuilder("etcd", "--name", "b", "--data-dir", data.toString(),
                    "--listen-client-urls", client, "--advertise-client-urls", client,
                    "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                    "--initial-cluster", "b=" + peer, "--log-level", "warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile());
            etcdProc = pb.start();
            STARTED.add(etcdProc);
            if (!waitFor(30, 0.1, etcd::healthy)) {
                throw new IllegalStateException("etcd did not become healthy; see " + dir.resolve("etcd.log"));
            }
        }

        void startAgent(int i) throws IOException {
            ProcessBuilder pb;
            if (tool.equals("pgward")) {
                pb = new ProcessBuilder(o.repo.resolve("bin/pgward").toString(), "agent", "-c", config(i).toString());
                pb.environment().put("PGWARD_JAR", o.jar.toString());
            } else {
                pb = new ProcessBuilder("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
                        "/usr/bin/patroni", config(i).toString());
                pb.environment().put("HOME", "/var/lib/postgresql");
                pb.environment().put("USER", "postgres");
                pb.environment().put("LOGNAME", "postgres");
            }
            pb.directory(dir.toFile());
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog(i).toFile()));
            Files.writeString(agentLog(i), "---- bench: agent started " + Instant.now() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            agents[i] = pb.start();
            STARTED.add(agents[i]);
        }

        void startAgents() throws IOException {
            for (int i = 0; i < n; i++) {
                startAgent(i);
            }
        }

        /** A look at node i over a cached connection; a broken cached connection is replaced once. */
        PgState probe(int i) {
            boolean cached = mon[i] != null;
            PgState s = probeOnce(i);
            return !s.up() && cached ? probeOnce(i) : s;
        }

        PgState probeOnce(int i) {
            try {
                if (mon[i] == null) {
                    mon[i] = connect(pgPorts[i], 2);
                }
                try (Statement st = mon[i].createStatement();
                     ResultSet rs = st.executeQuery("""
                             SELECT pg_is_in_recovery(),
                                    (SELECT status FROM pg_stat_wal_receiver LIMIT 1),
                                    CASE WHEN pg_is_in_recovery() THEN 0
                                         ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int
                                    END,
                                    (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'),
                                    (SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum'))
                             """)) {
                    rs.next();
                    return new PgState(true, rs.getBoolean(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                            rs.getInt(5));
                }
            } catch (SQLException e) {
                monError[i] = e.getMessage();
                closeMon(i);
                return PgState.DOWN;
            }
        }

        void closeMon(int i) {
            if (mon[i] != null) {
                try {
                    mon[i].close();
                } catch (SQLException ignored) {
                    // closing a broken connection
                }
                mon[i] = null;
            }
        }

        String leaderKey() {
            String[] v = etcd.get("/service/" + SCOPE + "/leader");
            return v == null ? null : v[0];
        }

        String[] leaderKeyWithLease() {
            return etcd.get("/service/" + SCOPE + "/leader");
        }

        /** One leader (holds the key, writable) and every other node streaming from it; null otherwise. */
        String healthyLeader() {
            for (int i = 0; i < n; i++) {
                if (agents[i] == null || !agents[i].isAlive()) {
                    return null;
                }
            }
            String leader = leaderKey();
            if (leader == null || !leader.matches("n[1-3]")) {
                return null;
            }
            int li = index(leader);
            for (int i = 0; i < n; i++) {
                PgState s = probe(i);
                boolean ok = i == li ? s.up() && !s.inRecovery() && s.streaming() >= n - 1
                        : s.up() && s.inRecovery() && "streaming".equals(s.walReceiver());
                if (!ok) {
                    return null;
                }
            }
            return leader;
        }

        String awaitHealthy(double timeout) {
            String[] found = new String[1];
            boolean ok = waitFor(timeout, 0.1, () -> {
                checkAgentsAlive();
                found[0] = healthyLeader();
                return found[0] != null;
            });
            if (!ok) {
                throw new IllegalStateException("cluster not healthy (1 leader + 2 streaming) within " + timeout
                        + " s: " + describe());
            }
            return found[0];
        }

        void checkAgentsAlive() {
            for (int i = 0; i < n; i++) {
                if (agents[i] != null && !agents[i].isAlive()) {
                    throw new AgentDied(name(i) + "'s agent exited with code " + agents[i].exitValue()
                            + " (see " + agentLog(i) + ")");
                }
            }
        }

        String describe() {
            StringBuilder sb = new StringBuilder("leader key=").append(safeLeaderKey());
            for (int i = 0; i < n; i++) {
                PgState s = probe(i);
                sb.append("; ").append(name(i)).append(": agent ")
                        .append(agents[i] != null && agents[i].isAlive() ? "alive" : "dead")
                        .append(", pg ").append(!s.up() ? "down (" + monError[i] + ")" : s.inRecovery() ? "replica/" + s.walReceiver()
                                : "primary/" + s.streaming() + " streaming");
            }
            return sb.toString();
        }

        String safeLeaderKey() {
            try {
                return leaderKey();
            } catch (RuntimeException e) {
                return "?";
            }
        }

        void createTable(String leader) throws SQLException {
            try (Connection c = connect(pgPorts[index(leader)], 10); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS bench_writes (id bigint PRIMARY KEY, "
                        + "at timestamptz NOT NULL DEFAULT clock_timestamp())");
            }
        }

        /** synchronous_mode on through PATCH /config, then wait until PostgreSQL and /sync both show a standby. */
        void enableSync(String leader) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + restPorts[index(leader)] + "/config"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"synchronous_mode\": true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("PATCH /config synchronous_mode: " + r.statusCode() + " " + r.body());
            }
        }

        /** The synchronous standby named in the /sync key, or null. */
        String syncStandby() {
            try {
                String[] v = etcd.get("/service/" + SCOPE + "/sync");
                if (v == null) {
                    return null;
                }
                String sb = JSON.readTree(v[0]).path("sync_standby").asText("");
                return sb.isEmpty() || sb.equals("null") ? null : sb.split(",")[0].trim();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        boolean syncReady(String leader) {
            PgState s = probe(index(leader));
            if (!s.up() || s.inRecovery() || s.sync() < 1) {
                return false;
            }
            String[] v = etcd.get("/service/" + SCOPE + "/sync");
            if (v == null) {
                return false;
            }
            try {
                JsonNode j = JSON.readTree(v[0]);
                return leader.equals(j.path("leader").asText()) && !j.path("sync_standby").isNull()
                        && !j.path("sync_standby").asText("").isEmpty();
            } catch (IOException e) {
                return false;
            }
        }

        /** Stops everything: agents with SIGTERM (then SIGKILL), stray postmasters with SIGKILL, etcd. */
        @Override
        public void close() {
            for (int i = 0; i < n; i++) {
                closeMon(i);
            }
            for (Process p : agents) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                }
            }
            for (int i = 0; i < n; i++) {
                Process p = agents[i];
                if (p == null) {
                    continue;
                }
                try {
                    if (!p.waitFor(45, TimeUnit.SECONDS)) {
                        notes.add(name(i) + ": agent did not exit within 45 s of SIGTERM at teardown; killed");
                        p.destroyForcibly();
                        p.waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                STARTED.remove(p);
            }
            for (int i = 0; i < n; i++) {
                Optional<ProcessHandle> pm = postmasterOf(dataDir(i));
                if (pm.isPresent()) {
                    notes.add(name(i) + ": PostgreSQL still running after its agent stopped; killed");
                    killTree(pm.get());
                }
                DATA_DIRS.remove(dataDir(i));
            }
            if (etcdProc != null) {
                etcdProc.destroy();
                try {
                    if (!etcdProc.waitFor(15, TimeUnit.SECONDS)) {
                        etcdProc.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                STARTED.remove(etcdProc);
            }
        }
    }

    static final class AgentDied extends RuntimeException {
        AgentDied(String m) {
            super(m);
        }
    }

    static final class RefusedSwitchover extends RuntimeException {
        RefusedSwitchover(String m) {
            super(m);
        }
    }

    // ------------------------------------------------------------------------------------------------ writer

    /**
     * INSERTs a fresh id every 100 ms on whichever node accepts it: first the node that took the last write, then
     * each other node in turn. An id is acknowledged when the INSERT (autocommit) returns without error.
     */
    static final class Writer implements Runnable {
        static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);
        final Cluster c;
        final List<long[]> acks = Collections.synchronizedList(new ArrayList<>()); // {id, nanos, node}
        final List<Long> failures = Collections.synchronizedList(new ArrayList<>());
        volatile String lastError;
        volatile boolean stop;
        Connection conn;
        int node = 0;
        Thread thread;

        Writer(Cluster c) {
            this.c = c;
        }

        void start() {
            thread = new Thread(this, "writer");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            stop = true;
            try {
                thread.join(15000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeConn();
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!stop) {
                attempt();
                next += 100_000_000L;
                long now = System.nanoTime();
                if (next < now) {
                    next = now;
                } else {
                    try {
                        Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void attempt() {
            if (conn != null && insert()) {
                return;
            }
            int from = node;
            for (int k = 1; k <= c.n; k++) {
                int i = (from + k) % c.n;
                try {
                    conn = connect(c.pgPorts[i], 5);
                    node = i;
                } catch (SQLException e) {
                    lastError = c.name(i) + ": " + e.getMessage();
                    continue;
                }
                if (insert()) {
                    return;
                }
            }
            failures.add(System.nanoTime());
        }

        boolean insert() {
            long id = IDS.incrementAndGet();
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bench_writes (id) VALUES (?)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
                acks.add(new long[] {id, System.nanoTime(), node});
                return true;
            } catch (SQLException e) {
                lastError = c.name(node) + ": " + e.getMessage();
                closeConn();
                return false;
            }
        }

        void closeConn() {
            if (conn != null) {
                try {
                    conn.close();
                } catch (SQLException ignored) {
                    // broken
                }
                conn = null;
            }
        }

        List<long[]> snapshot() {
            synchronized (acks) {
                return new ArrayList<>(acks);
            }
        }

        boolean ackedAfter(long t, int notNode) {
            synchronized (acks) {
                for (int k = acks.size() - 1; k >= 0; k--) {
                    long[] a = acks.get(k);
                    if (a[1] <= t) {
                        return false;
                    }
                    if (a[2] != notNode) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** An acknowledged write after a failed attempt that came after t. */
        boolean resumedAfter(long t) {
            long firstFailure = Long.MAX_VALUE;
            synchronized (failures) {
                for (long f : failures) {
                    if (f > t) {
                        firstFailure = f;
                        break;
                    }
                }
            }
            if (firstFailure == Long.MAX_VALUE) {
                return false;
            }
            synchronized (acks) {
                return !acks.isEmpty() && acks.get(acks.size() - 1)[1] > firstFailure;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ REST client

    /** A minimal HTTP/1.1 client on one socket, reused as long as the server keeps it alive. */
    static final class RawHttp implements Closeable {
        final int port;
        Socket s;
        InputStream in;
        OutputStream out;
        int connects;

        RawHttp(int port) {
            this.port = port;
        }

        int get(String path) throws IOException {
            byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int attempt = 0; ; attempt++) {
                boolean fresh = false;
                if (s == null) {
                    s = new Socket();
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    s.setSoTimeout(10000);
                    in = new BufferedInputStream(s.getInputStream());
                    out = s.getOutputStream();
                    connects++;
                    fresh = true;
                }
                try {
                    out.write(req);
                    out.flush();
                    return readResponse();
                } catch (IOException e) {
                    close();
                    if (fresh || attempt > 0) {
                        throw e;
                    }
                }
            }
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            int ch;
            while ((ch = in.read()) != -1) {
                if (ch == '\n') {
                    break;
                }
                if (ch != '\r') {
                    b.write(ch);
                }
            }
            if (ch == -1 && b.size() == 0) {
                throw new EOFException("connection closed");
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        int readResponse() throws IOException {
            String status = line();
            String[] parts = status.split(" ");
            int code = Integer.parseInt(parts[1]);
            boolean http11 = parts[0].endsWith("1.1");
            long length = -1;
            String connection = "";
            String h;
            while (!(h = line()).isEmpty()) {
                int colon = h.indexOf(':');
                String k = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String v = h.substring(colon + 1).trim();
                if (k.equals("content-length")) {
                    length = Long.parseLong(v);
                } else if (k.equals("connection")) {
                    connection = v.toLowerCase(Locale.ROOT);
                }
            }
            if (length >= 0) {
                in.readNBytes((int) length);
            } else {
                in.readAllBytes();
                close();
                return code;
            }
            boolean keep = http11 ? !connection.contains("close") : connection.contains("keep-alive");
            if (!keep) {
                close();
            }
            return code;
        }

        @Override
        public void close() {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            s = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ results

    static final class Results {
        final ObjectNode root = JSON.createObjectNode();
        final ArrayNode samples;
        final ArrayNode scenarios;
        final ArrayNode trials;
        final ArrayNode failures;
        final ArrayNode notes;

        Results(ObjectNode meta) {
            root.set("meta", meta);
            samples = root.putArray("samples");
            scenarios = root.putArray("scenario_runs");
            trials = root.putArray("trials");
            failures = root.putArray("failures");
            notes = root.putArray("notes");
        }

        private Results(ObjectNode root, boolean loaded) {
            this.root.setAll(root);
            samples = (ArrayNode) this.root.withArray("samples");
            scenarios = (ArrayNode) this.root.withArray("scenario_runs");
            trials = (ArrayNode) this.root.withArray("trials");
            failures = (ArrayNode) this.root.withArray("failures");
            notes = (ArrayNode) this.root.withArray("notes");
        }

        static Results from(ObjectNode root) {
            return new Results(root, true);
        }

        void add(String tool, Profile p, int trial, String mode, String scenario, String metric, double value,
                 String unit) {
            if (Double.isNaN(value)) {
                return;
            }
            ObjectNode s = samples.addObject();
            s.put("tool", tool).put("profile", p.name()).put("trial", trial).put("mode", mode)
                    .put("scenario", scenario).put("metric", metric).put("value", round(value)).put("unit", unit);
            log(String.format(Locale.ROOT, "MEASURE %-7s %-7s trial %d %-5s %-9s %-16s %10s %s", tool, p.name(),
                    trial, mode, scenario, metric, fmt(value), unit));
        }

        void failure(String tool, Profile p, int trial, String what, String message) {
            failures.addObject().put("tool", tool).put("profile", p.name()).put("trial", trial).put("what", what)
                    .put("message", message);
            log("FAILED  " + tool + " " + p.name() + " trial " + trial + " " + what + ": " + message);
        }

        List<Double> values(String tool, String profile, String mode, String scenario, String metric) {
            List<Double> l = new ArrayList<>();
            for (JsonNode s : samples) {
                if (s.path("tool").asText().equals(tool) && s.path("profile").asText().equals(profile)
                        && s.path("mode").asText().equals(mode) && s.path("scenario").asText().equals(scenario)
                        && s.path("metric").asText().equals(metric)) {
                    l.add(s.path("value").asDouble());
                }
            }
            return l;
        }
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a == Math.rint(a) && a < 1e6) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double median(List<Double> l) {
        if (l.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, idx))] / 1e6;
    }

    // ------------------------------------------------------------------------------------------------ benchmark

    final Opts o;
    final Results res;
    final long started = System.nanoTime();

    Bench(Opts o, Results res) {
        this.o = o;
        this.res = res;
    }

    double healTimeout(Profile p) {
        return 3.0 * p.ttl() + 3 * p.loopWait() + 60;
    }

    void runTrial(String tool, Profile p, int trial) {
        String id = tool + "-" + p.name() + "-t" + trial;
        Path dir = o.base.resolve("run").resolve(id);
        deleteTree(dir);
        log("==== " + id + " (" + p.describe() + "), load average " + loadavg() + ", other agents running: "
                + foreignAgents());
        ObjectNode tr = res.trials.addObject();
        tr.put("tool", tool).put("profile", p.name()).put("trial", trial).put("loadavg_start", loadavg())
                .put("other_agents_running_at_start", foreignAgents());
        long trialStart = System.nanoTime();
        Cluster c = new Cluster(o, tool, p, dir);
        try {
            c.prepare();
            c.startEtcd();
            long t0 = System.nanoTime();
            c.startAgents();
            String leader = c.awaitHealthy(180);
            res.add(tool, p, trial, "-", "bootstrap", "bootstrap_s", secs(System.nanoTime() - t0), "s");
            c.createTable(leader);
            if (o.holdSeconds > 0) {
                log("holding the healthy cluster for " + o.holdSeconds + " s (--hold), directory " + dir);
                sleep(o.holdSeconds);
            }
            if (!runScenarios(c, trial, "async", o.scenarios)) {
                return;
            }
            leader = c.awaitHealthy(healTimeout(p));
            if (trial <= o.idleTrials) {
                idle(c, trial, leader);
            }
            rest(c, trial, leader);
            if (!o.syncScenarios.isEmpty()) {
                c.enableSync(leader);
                String l = leader;
                if (!waitFor(6.0 * p.loopWait() + 60, 0.2, () -> c.syncReady(l))) {
                    throw new IllegalStateException("synchronous_mode: no synchronous standby within "
                            + (6 * p.loopWait() + 60) + " s");
                }
                runScenarios(c, trial, "sync", o.syncScenarios);
            }
        } catch (Exception e) {
            res.failure(tool, p, trial, "trial", e.toString());
        } finally {
            c.close();
            tr.put("loadavg_end", loadavg()).put("duration_s", round(secs(System.nanoTime() - trialStart)));
            for (String note : c.notes) {
                res.notes.addObject().put("tool", tool).put("profile", p.name()).put("trial", trial).put("note", note);
                log("NOTE " + id + ": " + note);
            }
            keepLogs(c, id);
            if (!o.keep) {
                deleteTree(dir);
            }
        }
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** pgward or Patroni agents on this machine that this run did not start (someone's tests). */
    int foreignAgents() {
        int n = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path pp : procs.toList()) {
                if (!pp.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(pp.resolve("cmdline")), StandardCharsets.UTF_8);
                    if ((cmd.contains("pgward.jar") && cmd.contains("agent")
                            || cmd.contains("/usr/bin/patroni")) && !cmd.contains(o.base.toString() + "/")) {
                        n++;
                    }
                } catch (IOException e) {
                    // gone
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    void keepLogs(Cluster c, String id) {
        Path logs = o.base.resolve("logs").resolve(RUN_STAMP).resolve(id);
        try {
            deleteTree(logs);
            Files.createDirectories(logs);
            for (int i = 0; i < c.n; i++) {
                copyIfExists(c.agentLog(i), logs.resolve(c.name(i) + ".agent.log"));
                copyIfExists(c.nodeDir(i).resolve("data.postgres.log"), logs.resolve(c.name(i) + ".postgres.log"));
                Path pgLog = c.dataDir(i).resolve("log");
                if (Files.isDirectory(pgLog)) {
                    try (Stream<Path> files = Files.list(pgLog)) {
                        for (Path f : files.toList()) {
                            copyIfExists(f, logs.resolve(c.name(i) + "." + f.getFileName()));
                        }
                    }
                }
                copyIfExists(c.config(i), logs.resolve(c.name(i) + ".yml"));
            }
            copyIfExists(c.dir.resolve("etcd.log"), logs.resolve("etcd.log"));
        } catch (IOException e) {
            log("warning: could not keep logs of " + id + ": " + e.getMessage());
        }
    }

    static void copyIfExists(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs the scenarios in order; false when the cluster could not be brought back (the trial stops). */
    boolean runScenarios(Cluster c, int trial, String mode, List<String> which) {
        for (String sc : which) {
            try {
                scenario(c, trial, mode, sc);
            } catch (AgentDied e) {
                res.failure(c.tool, c.profile, trial, mode + "/" + sc, e.getMessage());
                return false;
            } catch (Exception e) {
                res.failure(c.tool, c.profile, trial, mode + "/" + sc, e.toString());
                try {
                    for (int i = 0; i < c.n; i++) {
                        if (c.agents[i] != null && !c.agents[i].isAlive()) {
                            c.startAgent(i);
                        }
                    }
                    c.awaitHealthy(healTimeout(c.profile));
                } catch (Exception e2) {
                    res.failure(c.tool, c.profile, trial, mode + "/" + sc + " recovery", e2.toString());
                    return false;
                }
            }
        }
        return true;
    }

    void scenario(Cluster c, int trial, String mode, String sc) throws Exception {
        Profile p = c.profile;
        String tool = c.tool;
        String leader = c.awaitHealthy(healTimeout(p));
        if (mode.equals("sync") && !waitFor(6.0 * p.loopWait() + 60, 0.2, () -> c.syncReady(leader))) {
            throw new IllegalStateException("no synchronous standby before the event");
        }
        int li = c.index(leader);
        int tlBefore = c.probe(li).timeline();
        ObjectNode run = res.scenarios.addObject();
        run.put("tool", tool).put("profile", p.name()).put("trial", trial).put("mode", mode).put("scenario", sc)
                .put("old_leader", leader).put("timeline_before", tlBefore);
        if (mode.equals("sync")) {
            run.put("sync_standby_before", c.syncStandby());
        }
        Writer w = new Writer(c);
        w.node = (li + c.n - 1) % c.n; // first attempt goes to the leader
        w.start();
        try {
            if (!waitFor(20, 0.05, () -> w.acks.size() >= 3)) {
                throw new IllegalStateException("the writer could not write before the event: " + c.describe());
            }
            sleep(o.baselineSeconds);
            long t0;
            long[] keyChanged = {0};
            Thread keyWatch = null;
            CompletableFuture<HttpResponse<String>> post = null;
            switch (sc) {
                case "a" -> {
                    String[] kv = c.leaderKeyWithLease();
                    long ttlLeft = kv == null ? -1 : c.etcd.leaseTtl(kv[1]);
                    ProcessHandle pm = postmasterOf(c.dataDir(li)).orElseThrow(
                            () -> new IllegalStateException("no postmaster.pid for " + leader));
                    // a host crash: the agent and everything it started, the postmaster and all its children
                    List<ProcessHandle> doomed = new ArrayList<>();
                    doomed.add(c.agents[li].toHandle());
                    doomed.addAll(c.agents[li].descendants().toList());
                    doomed.add(pm);
                    doomed.addAll(pm.descendants().toList());
                    t0 = System.nanoTime();
                    doomed.forEach(ProcessHandle::destroyForcibly);
                    run.put("lease_ttl_left_s", ttlLeft);
                    res.add(tool, p, trial, mode, sc, "lease_left_s", ttlLeft, "s");
                    long tk = t0;
                    keyWatch = new Thread(() -> {
                        while (System.nanoTime() - tk < 600e9) {
                            try {
                                String v = c.leaderKey();
                                if (!leader.equals(v)) {
                                    keyChanged[0] = System.nanoTime();
                                    return;
                                }
                            } catch (RuntimeException e) {
                                // etcd hiccup: keep polling
                            }
                            sleep(0.02);
                        }
                    }, "key-watch");
                    keyWatch.setDaemon(true);
                    keyWatch.start();
                }
                case "b" -> {
                    ProcessHandle pm = postmasterOf(c.dataDir(li)).orElseThrow(
                            () -> new IllegalStateException("no postmaster.pid for " + leader));
                    t0 = System.nanoTime();
                    pm.destroyForcibly();
                }
                case "c" -> {
                    // in synchronous mode only the synchronous standby may take over (Patroni answers 412 otherwise)
                    String cand = mode.equals("sync") ? c.syncStandby() : null;
                    for (int i = 0; i < c.n && cand == null; i++) {
                        if (i != li && "streaming".equals(c.probe(i).walReceiver())) {
                            cand = c.name(i);
                        }
                    }
                    if (cand == null) {
                        throw new IllegalStateException("no streaming candidate for the switchover");
                    }
                    run.put("candidate", cand);
                    HttpRequest req = HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + c.restPorts[li] + "/switchover"))
                            .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"leader\":\"" + leader + "\",\"candidate\":\"" + cand + "\"}")).build();
                    t0 = System.nanoTime();
                    post = HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString());
                }
                case "d" -> {
                    t0 = System.nanoTime();
                    c.agents[li].destroy();
                }
                default -> throw new IllegalArgumentException(sc);
            }
            double failTimeout = healTimeout(p);
            long event = t0;
            CompletableFuture<HttpResponse<String>> request = post;
            boolean resumed = sc.equals("b")
                    ? waitFor(failTimeout, 0.05, () -> w.resumedAfter(event) || w.ackedAfter(event, li))
                    : waitFor(failTimeout, 0.05, () -> {
                        if (request != null && request.isDone()) {
                            HttpResponse<String> r = request.getNow(null);
                            if (r == null || r.statusCode() != 200) {
                                throw new RefusedSwitchover(r == null ? "POST /switchover failed"
                                        : "POST /switchover answered " + r.statusCode() + ": " + r.body());
                            }
                        }
                        return w.ackedAfter(event, li);
                    });
            if (!resumed) {
                run.put("note", "no write acknowledged within " + failTimeout + " s");
                throw new IllegalStateException("writes did not resume within " + failTimeout + " s after the event: "
                        + c.describe() + "; writer's last error: " + w.lastError);
            }
            if (sc.equals("d")) {
                if (!c.agents[li].waitFor(60, TimeUnit.SECONDS)) {
                    c.notes.add(leader + ": agent still running 60 s after SIGTERM; killed");
                    c.agents[li].destroyForcibly();
                    c.agents[li].waitFor(10, TimeUnit.SECONDS);
                }
                double exit = secs(System.nanoTime() - t0);
                run.put("agent_exit_s", round(exit));
                if (postmasterOf(c.dataDir(li)).isPresent()) {
                    c.notes.add(leader + ": PostgreSQL still running after its agent exited on SIGTERM");
                    run.put("postgres_left_running", true);
                }
                res.add(tool, p, trial, mode, sc, "agent_exit_s", exit, "s");
            }
            if (sc.equals("a") || sc.equals("d")) {
                STARTED.remove(c.agents[li]);
                long ts = System.nanoTime();
                c.startAgent(li);
                boolean back = waitFor(healTimeout(p), 0.1, () -> {
                    c.checkAgentsAlive();
                    PgState s = c.probe(li);
                    return s.up() && s.inRecovery() && "streaming".equals(s.walReceiver());
                });
                if (back) {
                    res.add(tool, p, trial, mode, sc, "rejoin_s", secs(System.nanoTime() - ts), "s");
                } else {
                    run.put("note", "old primary not streaming within " + healTimeout(p) + " s");
                    res.failure(tool, p, trial, mode + "/" + sc + " rejoin", "old primary " + leader
                            + " not streaming within " + healTimeout(p) + " s: " + c.describe());
                }
            }
            if (post != null) {
                try {
                    HttpResponse<String> r = post.get(150, TimeUnit.SECONDS);
                    run.put("switchover_status", r.statusCode());
                    run.put("switchover_body", r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
                    if (r.statusCode() != 200) {
                        c.notes.add("POST /switchover answered " + r.statusCode() + ": " + r.body());
                    }
                } catch (Exception e) {
                    run.put("switchover_status", -1);
                    c.notes.add("POST /switchover failed: " + e);
                }
            }
            String newLeader = c.awaitHealthy(healTimeout(p));
            sleep(o.tailSeconds);
            long tEnd = System.nanoTime();
            w.stop();
            if (keyWatch != null) {
                keyWatch.join(1000);
            }
            List<long[]> acks = w.snapshot();
            // longest gap between acknowledged writes that ends after the event
            long gapStart = 0;
            long gapEnd = 0;
            long prev = Long.MIN_VALUE;
            for (long[] a : acks) {
                if (a[1] > tEnd) {
                    break;
                }
                if (prev != Long.MIN_VALUE && a[1] > t0 && a[1] - prev > gapEnd - gapStart) {
                    gapStart = prev;
                    gapEnd = a[1];
                }
                prev = a[1];
            }
            double window = secs(gapEnd - gapStart);
            double first = secs(gapEnd - t0);
            res.add(tool, p, trial, mode, sc, "window_s", window, "s");
            res.add(tool, p, trial, mode, sc, "first_write_s", first, "s");
            if (sc.equals("a") && keyChanged[0] > 0) {
                res.add(tool, p, trial, mode, sc, "after_lease_s", secs(gapEnd - keyChanged[0]), "s");
                run.put("leader_key_changed_after_s", round(secs(keyChanged[0] - t0)));
            }
            int ni = c.index(newLeader);
            int tlAfter = c.probe(ni).timeline();
            run.put("new_leader", newLeader).put("timeline_after", tlAfter);
            if (sc.equals("b")) {
                res.add(tool, p, trial, mode, sc, "same_node", newLeader.equals(leader) ? 1 : 0, "bool");
                res.add(tool, p, trial, mode, sc, "same_timeline",
                        newLeader.equals(leader) && tlAfter == tlBefore ? 1 : 0, "bool");
            }
            // acknowledged writes missing on the final primary
            Set<Long> acked = new HashSet<>();
            for (long[] a : acks) {
                acked.add(a[0]);
            }
            Set<Long> present = new HashSet<>();
            try (Connection conn = connect(c.pgPorts[ni], 30);
                 PreparedStatement ps = conn.prepareStatement("SELECT id FROM bench_writes WHERE id = ANY (?)")) {
                Array arr = conn.createArrayOf("bigint", acked.toArray(new Long[0]));
                ps.setArray(1, arr);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        present.add(rs.getLong(1));
                    }
                }
            }
            List<Long> lost = acked.stream().filter(x -> !present.contains(x)).sorted().toList();
            res.add(tool, p, trial, mode, sc, "lost_writes", lost.size(), "writes");
            run.put("acked", acked.size()).put("lost", lost.size()).put("window_s", round(window))
                    .put("first_write_s", round(first));
            if (!lost.isEmpty()) {
                ArrayNode l = run.putArray("lost_ids_first");
                lost.stream().limit(20).forEach(l::add);
                run.put("lost_acked_on", lostNodes(acks, new HashSet<>(lost), c));
            }
        } finally {
            if (!w.stop) {
                w.stop();
            }
        }
    }

    static String lostNodes(List<long[]> acks, Set<Long> lost, Cluster c) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (long[] a : acks) {
            if (lost.contains(a[0])) {
                m.merge(c.name((int) a[2]), 1, Integer::sum);
            }
        }
        return m.toString();
    }

    void idle(Cluster c, int trial, String leader) throws IOException {
        Profile p = c.profile;
        log("idle: measuring the agents' CPU and RSS for " + o.idleSeconds + " s");
        sleep(3);
        long[] pids = new long[c.n];
        long[] t0 = new long[c.n];
        double[] rssMax = new double[c.n];
        for (int i = 0; i < c.n; i++) {
            pids[i] = c.agents[i].pid();
            t0[i] = cpuTicks(pids[i]);
        }
        long start = System.nanoTime();
        int steps = Math.max(1, o.idleSeconds / 5);
        for (int s = 0; s < steps; s++) {
            sleep(o.idleSeconds / (double) steps);
            for (int i = 0; i < c.n; i++) {
                rssMax[i] = Math.max(rssMax[i], rssMiB(pids[i]));
            }
        }
        double elapsed = secs(System.nanoTime() - start);
        double hz = 100.0;
        double cpuSum = 0;
        double rssSum = 0;
        int li = c.index(leader);
        double cpuLeader = 0;
        for (int i = 0; i < c.n; i++) {
            double cpu = (cpuTicks(pids[i]) - t0[i]) / hz / elapsed * 100.0;
            double rss = rssMiB(pids[i]);
            cpuSum += cpu;
            rssSum += rss;
            if (i == li) {
                cpuLeader = cpu;
                res.add(c.tool, p, trial, "-", "idle", "rss_leader_mib", rss, "MiB");
            }
        }
        res.add(c.tool, p, trial, "-", "idle", "rss_mib", rssSum / c.n, "MiB");
        res.add(c.tool, p, trial, "-", "idle", "rss_max_mib", Arrays.stream(rssMax).max().orElse(0), "MiB");
        res.add(c.tool, p, trial, "-", "idle", "cpu_pct", cpuSum / c.n, "%");
        res.add(c.tool, p, trial, "-", "idle", "cpu_leader_pct", cpuLeader, "%");
    }

    void rest(Cluster c, int trial, String leader) throws Exception {
        int li = c.index(leader);
        int ri = (li + 1) % c.n;
        restOne(c, trial, "primary", c.restPorts[li]);
        restOne(c, trial, "replica", c.restPorts[ri]);
    }

    void restOne(Cluster c, int trial, String path, int port) throws Exception {
        Profile p = c.profile;
        long[] lat = new long[o.restRequests];
        int bad = 0;
        int connects;
        try (RawHttp h = new RawHttp(port)) {
            for (int i = 0; i < o.restWarmup; i++) {
                h.get("/" + path);
            }
            h.connects = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            for (int i = 0; i < o.restRequests; i++) {
                if (System.nanoTime() > deadline) {
                    lat = Arrays.copyOf(lat, i);
                    break;
                }
                long s = System.nanoTime();
                int code = h.get("/" + path);
                lat[i] = System.nanoTime() - s;
                if (code != 200) {
                    bad++;
                }
            }
            connects = h.connects;
        }
        Arrays.sort(lat);
        res.add(c.tool, p, trial, "-", "rest", path + "_p50_ms", percentile(lat, 50), "ms");
        res.add(c.tool, p, trial, "-", "rest", path + "_p99_ms", percentile(lat, 99), "ms");
        res.add(c.tool, p, trial, "-", "rest", path + "_new_conn_pct", 100.0 * connects / Math.max(1, lat.length), "%");
        res.add(c.tool, p, trial, "-", "rest", path + "_latency_requests", lat.length, "requests");
        if (bad > 0) {
            res.add(c.tool, p, trial, "-", "rest", path + "_non200", bad, "requests");
        }
        // throughput: several kept-alive clients at once
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + o.restThroughputSeconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < o.restThreads; t++) {
            Thread th = new Thread(() -> {
                try (RawHttp h = new RawHttp(port)) {
                    while (System.nanoTime() < end) {
                        h.get("/" + path);
                        count.incrementAndGet();
                    }
                } catch (IOException e) {
                    log("rest throughput client: " + e);
                }
            });
            threads.add(th);
        }
        long s = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        res.add(c.tool, p, trial, "-", "rest", path + "_rps", count.get() / secs(System.nanoTime() - s), "req/s");
    }

    // ------------------------------------------------------------------------------------------------ meta

    static ObjectNode meta(Opts o) {
        ObjectNode m = JSON.createObjectNode();
        m.put("date", Instant.now().atOffset(ZoneOffset.UTC).toString());
        m.put("command", o.command);
        m.put("quick", o.quick);
        ObjectNode mach = m.putObject("machine");
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            mach.put("memory_gib", round(Long.parseLong(mem) / 1024.0 / 1024.0));
        } catch (IOException e) {
            // leave it out
        }
        mach.put("cpu", cpu);
        mach.put("cores", Runtime.getRuntime().availableProcessors());
        mach.put("kernel", run("uname", "-r"));
        mach.put("os", run("sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""));
        ObjectNode v = m.putObject("versions");
        v.put("pgward", run("java", "-jar", o.jar.toString(), "--version"));
        String commit = run("git", "-C", o.repo.toString(), "rev-parse", "--short", "HEAD");
        String dirty = run("git", "-C", o.repo.toString(), "status", "--porcelain", "--untracked-files=no", "src",
                "pom.xml");
        v.put("pgward_commit", commit + (dirty.isEmpty() ? "" : " (+ uncommitted changes under src/)"));
        try {
            v.put("pgward_jar_built", Files.getLastModifiedTime(o.repo.resolve("target/pgward.jar")).toInstant()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        } catch (IOException e) {
            v.put("pgward_jar_built", "?");
        }
        v.put("patroni", o.tools.contains("patroni") ? run("/usr/bin/patroni", "--version") + " (Debian "
                + run("dpkg-query", "-W", "-f=${Version}", "patroni") + ")" : "not run");
        v.put("postgresql", run(PG_BIN + "/postgres", "--version"));
        v.put("etcd", run("etcd", "--version").lines().findFirst().orElse(""));
        v.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        v.put("python", run("/usr/bin/python3", "--version"));
        ObjectNode s = m.putObject("settings");
        ArrayNode profiles = s.putArray("profiles");
        for (Profile p : o.profiles) {
            profiles.addObject().put("name", p.name()).put("ttl", p.ttl()).put("loop_wait", p.loopWait())
                    .put("retry_timeout", p.retryTimeout()).put("trials", o.trialsFor(p));
        }
        s.put("tools", String.join(",", o.tools));
        s.put("scenarios_async", String.join(",", o.scenarios));
        s.put("scenarios_sync", String.join(",", o.syncScenarios));
        s.put("idle_seconds", o.idleSeconds);
        s.put("idle_trials", o.idleTrials);
        s.put("rest_requests", o.restRequests);
        s.put("rest_throughput_clients", o.restThreads);
        s.put("rest_throughput_seconds", o.restThroughputSeconds);
        s.put("writer_interval_ms", 100);
        s.put("baseline_s", o.baselineSeconds);
        s.put("pgward_jvm", "bin/pgward: -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k "
                + "-XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m");
        s.put("ports", "PostgreSQL " + (o.portBase + 5432) + "-" + (o.portBase + 5434) + ", REST "
                + (o.portBase + 8008) + "-" + (o.portBase + 8010) + ", etcd " + (o.portBase + 2379) + "/"
                + (o.portBase + 2380));
        return m;
    }

    // ------------------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Opts o = Opts.parse(args);
        if (o.reportOnly != null) {
            ObjectNode root = (ObjectNode) JSON.readTree(o.reportOnly.toFile());
            Results res = Results.from(root);
            JsonNode st = root.path("meta").path("settings");
            o.quick = root.path("meta").path("quick").asBoolean();
            List<Profile> profiles = new ArrayList<>();
            for (JsonNode pn : st.path("profiles")) {
                Profile p = pn.path("name").asText().equals("default") ? DEFAULT : FAST;
                profiles.add(p);
            }
            o.profiles = profiles;
            o.scenarios = Opts.splitScenarios(st.path("scenarios_async").asText("none"));
            o.syncScenarios = Opts.splitScenarios(st.path("scenarios_sync").asText("none"));
            o.restThreads = st.path("rest_throughput_clients").asInt(4);
            Files.createDirectories(o.out);
            Report.write(o, res);
            log("rewrote " + o.out.resolve("benchmarks.md") + " and the PNG from " + o.reportOnly);
            return;
        }
        mkdir755(o.base);
        mkdir755(o.base.resolve("run"));
        killLeftovers(o.base.resolve("run"));
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::killEverything, "cleanup"));
        Results res = new Results(meta(o));
        Bench b = new Bench(o, res);
        log("pgward benchmark: " + o.command + " -> " + o.out);
        log("tools " + o.tools + ", profiles " + o.profiles.stream().map(p -> p.name() + " x" + o.trialsFor(p))
                .collect(Collectors.joining(", ")));
        Files.createDirectories(o.out);
        for (Profile p : o.profiles) {
            for (int t = 1; t <= o.trialsFor(p); t++) {
                List<String> order = new ArrayList<>(o.tools);
                if (t % 2 == 0) {
                    Collections.reverse(order); // alternate who goes first
                }
                for (String tool : order) {
                    b.runTrial(tool, p, t);
                    res.root.put("duration_s", round(secs(System.nanoTime() - b.started)));
                    Files.writeString(o.base.resolve("partial.json"), JSON.writeValueAsString(res.root));
                }
            }
        }
        res.root.put("duration_s", round(secs(System.nanoTime() - b.started)));
        Report.write(o, res);
        log("done in " + fmt(secs(System.nanoTime() - b.started) / 60) + " min; " + res.failures.size()
                + " failure(s); wrote " + o.out.resolve("benchmarks.md") + ", benchmarks.json, benchmarks-unavailability.png");
        if (o.quick && !res.failures.isEmpty()) {
            log("smoke mode: some measurements could not be taken (see failures above)");
            System.exit(2);
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------ report

    static final class Report {

        record Row(String mode, String scenario, String metric, String label) {}

        static void write(Opts o, Results res) throws IOException {
            Files.writeString(o.out.resolve("benchmarks.json"), JSON.writeValueAsString(res.root));
            Files.writeString(o.out.resolve("benchmarks.md"), markdown(o, res));
            chart(o, res, o.out.resolve("benchmarks-unavailability.png"));
        }

        static List<Row> rows(Opts o) {
            List<Row> rows = new ArrayList<>();
            rows.add(new Row("-", "bootstrap", "bootstrap_s", "Bootstrap: start to 1 leader + 2 streaming (s)"));
            for (String mode : List.of("async", "sync")) {
                List<String> scs = mode.equals("async") ? o.scenarios : o.syncScenarios;
                for (String sc : scs) {
                    String m = mode.equals("sync") ? " [sync]" : "";
                    String s = sc;
                    rows.add(new Row(mode, sc, "window_s", "(" + s + ") unavailability window (s)" + m));
                    rows.add(new Row(mode, sc, "first_write_s", "(" + s + ") event to first write (s)" + m));
                    if (sc.equals("a")) {
                        rows.add(new Row(mode, sc, "lease_left_s", "(a) leader lease TTL left at the kill (s)" + m));
                        rows.add(new Row(mode, sc, "after_lease_s",
                                "(a) leader key gone to first write (s)" + m));
                        rows.add(new Row(mode, sc, "rejoin_s", "(a) agent restart to old primary streaming (s)" + m));
                    }
                    if (sc.equals("b")) {
                        rows.add(new Row(mode, sc, "same_timeline",
                                "(b) same node and timeline afterwards (1 = yes)" + m));
                    }
                    if (sc.equals("d")) {
                        rows.add(new Row(mode, sc, "agent_exit_s", "(d) SIGTERM to agent exit (s)" + m));
                        rows.add(new Row(mode, sc, "rejoin_s", "(d) agent restart to old primary streaming (s)" + m));
                    }
                    rows.add(new Row(mode, sc, "lost_writes", "(" + s + ") acknowledged writes lost" + m));
                }
            }
            rows.add(new Row("-", "idle", "rss_mib", "Agent RSS at idle, mean of 3 agents (MiB)"));
            rows.add(new Row("-", "idle", "rss_leader_mib", "Agent RSS at idle, leader (MiB)"));
            rows.add(new Row("-", "idle", "cpu_pct", "Agent CPU at idle, mean of 3 agents (% of one core)"));
            rows.add(new Row("-", "idle", "cpu_leader_pct", "Agent CPU at idle, leader (% of one core)"));
            for (String path : List.of("primary", "replica")) {
                rows.add(new Row("-", "rest", path + "_p50_ms", "GET /" + path + " latency p50 (ms)"));
                rows.add(new Row("-", "rest", path + "_p99_ms", "GET /" + path + " latency p99 (ms)"));
                rows.add(new Row("-", "rest", path + "_rps", "GET /" + path + " requests/s (" + o.restThreads
                        + " clients)"));
                rows.add(new Row("-", "rest", path + "_new_conn_pct",
                        "GET /" + path + ": requests that needed a new connection (%)"));
            }
            return rows;
        }

        static String cell(List<Double> v) {
            if (v.isEmpty()) {
                return "– | – | –";
            }
            return fmt(median(v)) + " | " + fmt(Collections.min(v)) + " | " + fmt(Collections.max(v));
        }

        static String ratio(List<Double> a, List<Double> b) {
            if (a.isEmpty() || b.isEmpty()) {
                return "–";
            }
            double x = median(a);
            double y = median(b);
            if (y == 0) {
                return x == 0 ? "=" : "∞";
            }
            return String.format(Locale.ROOT, "%.2f", x / y);
        }

        static String markdown(Opts o, Results res) {
            JsonNode meta = res.root.path("meta");
            StringBuilder md = new StringBuilder();
            md.append("# Benchmarks: pgward and Patroni\n\n");
            md.append("<!-- Generated by bench/run from docs/benchmarks.json; the Analysis section comes from "
                    + "bench/analysis.md. Do not edit by hand: re-run or edit those. -->\n\n");
            if (o.quick) {
                md.append("> **Smoke run (`--quick`)**: one trial, fast profile only, short idle/REST phases. "
                        + "These numbers prove the harness works; they are not a benchmark.\n\n");
            }
            md.append("Run on ").append(meta.path("date").asText()).append(" with `").append(meta.path("command")
                    .asText()).append("`; it took ").append(fmt(res.root.path("duration_s").asDouble() / 60))
                    .append(" minutes.\n\n");
            JsonNode mach = meta.path("machine");
            JsonNode v = meta.path("versions");
            md.append("| | |\n|---|---|\n");
            md.append("| Machine | ").append(mach.path("cpu").asText()).append(", ").append(mach.path("cores").asInt())
                    .append(" cores, ").append(fmt(mach.path("memory_gib").asDouble())).append(" GiB RAM; ")
                    .append(mach.path("os").asText()).append(", kernel ").append(mach.path("kernel").asText())
                    .append(" |\n");
            md.append("| pgward | ").append(v.path("pgward").asText()).append(", commit ")
                    .append(v.path("pgward_commit").asText()).append(", jar built ").append(v.path("pgward_jar_built").asText())
                    .append("; JVM flags of `bin/pgward` (")
                    .append(meta.path("settings").path("pgward_jvm").asText().replace("bin/pgward: ", ""))
                    .append(") on ").append(v.path("java").asText()).append(" |\n");
            md.append("| Patroni | ").append(v.path("patroni").asText()).append(", ").append(v.path("python").asText())
                    .append(", run as OS user `postgres` |\n");
            md.append("| PostgreSQL | ").append(v.path("postgresql").asText()).append(" |\n");
            md.append("| etcd | ").append(v.path("etcd").asText()).append(", one member, fresh for every cluster |\n");
            StringBuilder prof = new StringBuilder();
            for (JsonNode p : meta.path("settings").path("profiles")) {
                prof.append(prof.length() == 0 ? "" : "; ").append("**").append(p.path("name").asText())
                        .append("**: ttl ").append(p.path("ttl").asInt()).append(", loop_wait ")
                        .append(p.path("loop_wait").asInt()).append(", retry_timeout ")
                        .append(p.path("retry_timeout").asInt()).append(" — ").append(p.path("trials").asInt())
                        .append(" trial(s) per tool");
            }
            md.append("| Profiles | ").append(prof).append(" |\n");
            JsonNode s = meta.path("settings");
            md.append("| Settings | 3 nodes on one machine, identical Patroni YAML for both tools (etcd3, use_pg_rewind, "
                    + "data checksums, scram); writer INSERTs every ").append(s.path("writer_interval_ms").asInt())
                    .append(" ms; idle phase ").append(s.path("idle_seconds").asInt()).append(" s (first ")
                    .append(s.path("idle_trials").asInt()).append(" trial(s) of each profile); REST ")
                    .append(s.path("rest_requests").asInt()).append(" sequential requests (at most 20 s) + ")
                    .append(s.path("rest_throughput_clients").asInt()).append(" clients for ")
                    .append(s.path("rest_throughput_seconds").asInt()).append(" s; ports ")
                    .append(s.path("ports").asText()).append(" |\n");
            JsonNode trials = res.root.path("trials");
            if (trials.size() > 0) {
                double lo = Double.MAX_VALUE;
                double hi = 0;
                int busy = 0;
                for (JsonNode t : trials) {
                    for (String k : List.of("loadavg_start", "loadavg_end")) {
                        String la = t.path(k).asText("");
                        if (!la.isEmpty() && !la.equals("?")) {
                            double x = Double.parseDouble(la.split(" ")[0]);
                            lo = Math.min(lo, x);
                            hi = Math.max(hi, x);
                        }
                    }
                    if (t.path("other_agents_running_at_start").asInt() > 0) {
                        busy++;
                    }
                }
                md.append("| Machine load | 1-minute load average at the start/end of each cluster's run: ")
                        .append(fmt(lo)).append("–").append(fmt(hi)).append(" on ")
                        .append(mach.path("cores").asInt()).append(" cores; agents not started by this run "
                                + "(other people's tests) were running at the start of ")
                        .append(busy).append(" of ").append(trials.size())
                        .append(" cluster runs (per-run figures in `trials` of the JSON) |\n");
            }
            md.append("\n");

            md.append(aims(o, res));

            for (Profile p : o.profiles) {
                md.append("## ").append(p.name().substring(0, 1).toUpperCase(Locale.ROOT)).append(p.name().substring(1))
                        .append(" profile (").append(p.describe()).append(")\n\n");
                md.append("Median, min and max over the trials; the ratio is pgward's median / Patroni's median "
                        + "(below 1: pgward smaller).\n\n");
                md.append("| Figure | pgward median | min | max | Patroni median | min | max | pgward/Patroni | n |\n");
                md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Row r : rows(o)) {
                    List<Double> a = res.values("pgward", p.name(), r.mode(), r.scenario(), r.metric());
                    List<Double> b = res.values("patroni", p.name(), r.mode(), r.scenario(), r.metric());
                    if (a.isEmpty() && b.isEmpty()) {
                        continue;
                    }
                    md.append("| ").append(r.label()).append(" | ").append(cell(a)).append(" | ").append(cell(b))
                            .append(" | ").append(ratio(a, b)).append(" | ").append(a.size()).append("/")
                            .append(b.size()).append(" |\n");
                }
                md.append("\n");
            }
            md.append("![Write-unavailability window per scenario](benchmarks-unavailability.png)\n\n");

            if (!res.failures.isEmpty() || !res.notes.isEmpty()) {
                md.append("## Failures and notes from this run\n\n");
                for (JsonNode f : res.failures) {
                    md.append("- **failed** ").append(f.path("tool").asText()).append(" ").append(f.path("profile")
                            .asText()).append(" trial ").append(f.path("trial").asInt()).append(", ")
                            .append(f.path("what").asText()).append(": ").append(mdEscape(f.path("message").asText()))
                            .append("\n");
                }
                for (JsonNode f : res.notes) {
                    md.append("- note: ").append(f.path("tool").asText()).append(" ").append(f.path("profile").asText())
                            .append(" trial ").append(f.path("trial").asInt()).append(": ")
                            .append(mdEscape(f.path("note").asText())).append("\n");
                }
                md.append("\n");
            }
            md.append(METHOD);
            Path analysis = o.repo.resolve("bench/analysis.md");
            if (!o.quick && Files.isRegularFile(analysis)) {
                try {
                    md.append("\n").append(Files.readString(analysis));
                } catch (IOException e) {
                    // no analysis
                }
            }
            return md.toString();
        }

        static String mdEscape(String s) {
            return s.replace("|", "\\|").replace("\n", " ");
        }

        record Aim(String text, String mode, String scenario, String metric, double limit, boolean compareToPatroni) {}

        static String aims(Opts o, Results res) {
            List<Aim> aims = List.of(
                    new Aim("Bootstrap ≤ 5 s", "-", "bootstrap", "bootstrap_s", 5, false),
                    new Aim("(a) first write < 0.5 s after the leader key is gone (async)", "async", "a",
                            "after_lease_s", 0.5, false),
                    new Aim("(a) first write < 0.5 s after the leader key is gone (sync)", "sync", "a",
                            "after_lease_s", 0.5, false),
                    new Aim("(b) writable again in < 2 s", "async", "b", "window_s", 2, false),
                    new Aim("(b) … on the same node and timeline", "async", "b", "same_timeline", -1, false),
                    new Aim("(c) switchover window < 1 s", "async", "c", "window_s", 1, false),
                    new Aim("(d) SIGTERM window < 1 s", "async", "d", "window_s", 1, false),
                    new Aim("Old primary streaming again < 4 s after (a)", "async", "a", "rejoin_s", 4, false),
                    new Aim("No acknowledged write lost in synchronous mode", "sync", "*", "lost_writes", 0, false),
                    new Aim("Agent RSS no larger than Patroni's", "-", "idle", "rss_mib", Double.NaN, true),
                    new Aim("GET /primary p99 < 2 ms (kept-alive client)", "-", "rest", "primary_p99_ms", 2, false),
                    new Aim("GET /replica p99 < 2 ms (kept-alive client)", "-", "rest", "replica_p99_ms", 2, false));
            StringBuilder md = new StringBuilder("## Aims (reported, not asserted)\n\n");
            md.append("Each cell: pgward's median (trials meeting the aim / trials); Patroni's median for comparison.\n\n");
            md.append("| Aim | Profile | pgward | Patroni |\n|---|---|---|---|\n");
            for (Aim a : aims) {
                for (Profile p : o.profiles) {
                    List<Double> pg = new ArrayList<>();
                    List<Double> pa = new ArrayList<>();
                    List<String> scs = a.scenario().equals("*") ? o.syncScenarios : List.of(a.scenario());
                    for (String sc : scs) {
                        pg.addAll(res.values("pgward", p.name(), a.mode(), sc, a.metric()));
                        pa.addAll(res.values("patroni", p.name(), a.mode(), sc, a.metric()));
                    }
                    if (pg.isEmpty() && pa.isEmpty()) {
                        continue;
                    }
                    String pgCell;
                    if (pg.isEmpty()) {
                        pgCell = "–";
                    } else if (a.compareToPatroni()) {
                        double mp = median(pa);
                        long met = pg.stream().filter(x -> x <= mp).count();
                        pgCell = fmt(median(pg)) + " (" + met + "/" + pg.size() + " ≤ Patroni's median) "
                                + (median(pg) <= mp ? "**met**" : "**not met**");
                    } else if (a.limit() < 0) {
                        long met = pg.stream().filter(x -> x == 1).count();
                        pgCell = met + "/" + pg.size() + (met == pg.size() ? " **met**" : " **not met**");
                    } else if (a.limit() == 0) {
                        double sum = pg.stream().mapToDouble(Double::doubleValue).sum();
                        long met = pg.stream().filter(x -> x == 0).count();
                        pgCell = fmt(sum) + " lost in total (" + met + "/" + pg.size() + " runs lost none) "
                                + (sum == 0 ? "**met**" : "**not met**");
                    } else {
                        long met = pg.stream().filter(x -> x <= a.limit()).count();
                        pgCell = fmt(median(pg)) + " (" + met + "/" + pg.size() + ") "
                                + (met == pg.size() ? "**met**" : met > 0 ? "**partly met**" : "**not met**");
                    }
                    String paCell;
                    if (pa.isEmpty()) {
                        paCell = "–";
                    } else if (a.limit() < 0) {
                        paCell = pa.stream().filter(x -> x == 1).count() + "/" + pa.size();
                    } else if (a.limit() == 0) {
                        paCell = fmt(pa.stream().mapToDouble(Double::doubleValue).sum()) + " lost in total";
                    } else {
                        paCell = fmt(median(pa));
                    }
                    md.append("| ").append(a.text()).append(" | ").append(p.name()).append(" | ").append(pgCell)
                            .append(" | ").append(paCell).append(" |\n");
                }
            }
            md.append("\n");
            return md.toString();
        }

        static final String METHOD = """
                ## Method

                `bench/run` (a wrapper around the single-file Java program `bench/Bench.java`, started with Java's
                source launcher and the pgward jar on the class path for pgjdbc and Jackson) runs, for each profile
                and each trial, one fresh cluster per tool, alternating which tool goes first: a fresh one-member
                etcd, three agents started at the same moment, PostgreSQL 15 under each. pgward runs through
                `bin/pgward agent -c nX.yml` as root (it runs PostgreSQL as `postgres`); Patroni runs as
                `setpriv --reuid=postgres --regid=postgres --init-groups patroni nX.yml`. Both read the same YAML.
                Everything started is stopped by PID; logs of every cluster are kept in `/tmp/pgward-bench/logs/`.

                - **Bootstrap**: from starting the three agents (etcd already up) until the leader key names a node
                  whose PostgreSQL accepts writes and the two others report `pg_stat_wal_receiver.status =
                  streaming` (polled every 100 ms over SQL; the REST API is not trusted for this).
                - **Writer**: one thread INSERTs a new id every 100 ms with autocommit into whichever node accepts
                  the write: it keeps its connection to the last node that took a write and, on error, tries each
                  node in turn (a read-only node refuses the INSERT). An id is *acknowledged* when the INSERT returns
                  without error. Every scenario starts on a healthy cluster with ≥ 2 s of writes before the event.
                - **Unavailability window**: the longest gap between two consecutive acknowledged writes among
                  those ending after the event (so it includes the up-to-100 ms writer period).
                  **Event to first write**: from the event to the acknowledged write that ends that gap (for a
                  switchover, where the old primary keeps taking writes for a moment, the first write after the
                  pause).
                - **(a)** `kill -9` of the primary's agent and, at the same instant, of its postmaster and every
                  child (a host crash). *Lease TTL left* is etcd's `lease/timetolive` for the leader key just before
                  the kill (whole seconds). *Leader key gone to first write* is measured from the moment the leader
                  key stopped naming the old primary (etcd polled every 20 ms) to the first acknowledged write: the
                  part of the window that does not wait for the lease. Once writes flow again the agent is
                  restarted; *rejoin* is from that restart until the node's PostgreSQL streams from the new primary.
                - **(b)** `kill -9` of the primary's postmaster only (its children then exit by themselves).
                  *Same node and timeline*: the same node is primary afterwards and its timeline (from
                  `pg_walfile_name(pg_current_wal_lsn())`) did not change.
                - **(c)** `POST /switchover {"leader": <primary>, "candidate": <first streaming replica>}` to the
                  primary's REST API.
                - **(d)** SIGTERM to the primary's agent (both tools then stop PostgreSQL and release the leader
                  key). Once writes flow again the agent is restarted and its rejoin timed as for (a).
                - **Lost writes**: acknowledged ids missing on the primary after the cluster is healthy again
                  (1 leader + 2 streaming, the old primary included). *Synchronous mode* is switched on with
                  `PATCH /config {"synchronous_mode": true}` after the asynchronous scenarios, and each scenario
                  waits until PostgreSQL reports a `sync` standby and the `/sync` key names it.
                - **Idle**: with no writer and a healthy cluster, CPU time (`/proc/<pid>/stat` utime + stime +
                  reaped children) and resident memory (`VmRSS`) of each agent process (the JVM for pgward, the
                  Python interpreter for Patroni; PostgreSQL not included) over the idle phase.
                - **REST**: a raw HTTP/1.1 client on one TCP connection, reused as long as the server keeps it
                  alive (Patroni's server speaks HTTP/1.0 and closes after each response, so each of its requests
                  includes a TCP connect), `GET /primary` on the leader and `GET /replica` on a replica, after a
                  warm-up (2000 requests, or as many as fit in 20 s); then several such clients at once for the
                  requests-per-second figure. Client and servers
                  share the machine's cores.
                """;

        // ------------------------------------------------------------------------------------------ chart

        static void chart(Opts o, Results res, Path file) throws IOException {
            List<String[]> groups = new ArrayList<>(); // {mode, scenario}
            for (String sc : o.scenarios) {
                groups.add(new String[] {"async", sc});
            }
            for (String sc : o.syncScenarios) {
                groups.add(new String[] {"sync", sc});
            }
            List<Profile> profiles = o.profiles;
            int panelH = 380;
            int w = Math.max(1000, 110 * Math.max(groups.size(), 1) + 160);
            int h = 70 + panelH * profiles.size() + 40;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            Color pgColor = new Color(0x1f77b4);
            Color paColor = new Color(0xff7f0e);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("Write-unavailability window per scenario (seconds, log scale)", 20, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("longest gap between acknowledged writes; bar = median, whisker = min–max over trials"
                    + (o.quick ? "   [SMOKE RUN]" : ""), 20, 50);
            legend(g, w - 230, 40, pgColor, "pgward");
            legend(g, w - 130, 40, paColor, "Patroni 3.0");
            double lo = 0.05;
            double hi = 1;
            for (Profile p : profiles) {
                for (String[] gr : groups) {
                    for (String tool : List.of("pgward", "patroni")) {
                        for (double x : res.values(tool, p.name(), gr[0], gr[1], "window_s")) {
                            hi = Math.max(hi, x);
                        }
                    }
                }
            }
            hi = Math.pow(10, Math.ceil(Math.log10(hi * 1.3)));
            for (int pi = 0; pi < profiles.size(); pi++) {
                Profile p = profiles.get(pi);
                int top = 70 + pi * panelH + 30;
                int bottom = top + panelH - 90;
                int left = 70;
                int right = w - 20;
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
                g.drawString(p.name() + " profile (" + p.describe() + ")", left, top - 10);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                double[] ticks = {0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500};
                for (double t : ticks) {
                    if (t < lo || t > hi) {
                        continue;
                    }
                    int y = yOf(t, lo, hi, top, bottom);
                    g.setColor(new Color(0xdddddd));
                    g.drawLine(left, y, right, y);
                    g.setColor(Color.DARK_GRAY);
                    String label = java.math.BigDecimal.valueOf(t).stripTrailingZeros().toPlainString();
                    g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
                }
                g.setColor(Color.BLACK);
                g.drawLine(left, top, left, bottom);
                g.drawLine(left, bottom, right, bottom);
                int gw = (right - left) / Math.max(1, groups.size());
                for (int gi = 0; gi < groups.size(); gi++) {
                    String[] gr = groups.get(gi);
                    int gx = left + gi * gw;
                    int bw = Math.min(34, gw / 3);
                    String[] tools = {"pgward", "patroni"};
                    for (int ti = 0; ti < 2; ti++) {
                        List<Double> v = res.values(tools[ti], p.name(), gr[0], gr[1], "window_s");
                        int x = gx + gw / 2 - bw - 2 + ti * (bw + 4);
                        Color col = ti == 0 ? pgColor : paColor;
                        if (v.isEmpty()) {
                            g.setColor(Color.GRAY);
                            g.drawString("n/a", x + 4, bottom - 5);
                            continue;
                        }
                        double med = Math.max(lo, median(v));
                        int y = yOf(med, lo, hi, top, bottom);
                        g.setColor(col);
                        g.fillRect(x, y, bw, bottom - y);
                        g.setColor(Color.BLACK);
                        g.setStroke(new BasicStroke(1.5f));
                        int ymin = yOf(Math.max(lo, Collections.min(v)), lo, hi, top, bottom);
                        int ymax = yOf(Math.max(lo, Collections.max(v)), lo, hi, top, bottom);
                        int cx = x + bw / 2;
                        g.drawLine(cx, ymin, cx, ymax);
                        g.drawLine(cx - 5, ymin, cx + 5, ymin);
                        g.drawLine(cx - 5, ymax, cx + 5, ymax);
                        g.setStroke(new BasicStroke(1f));
                        String label = fmt(median(v));
                        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                        FontMetrics fm = g.getFontMetrics();
                        g.drawString(label, cx - fm.stringWidth(label) / 2, Math.min(ymax, y) - 4);
                    }
                    g.setColor(Color.BLACK);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                    FontMetrics fm = g.getFontMetrics();
                    String l1 = SCENARIO_SHORT.get(gr[1]);
                    String l2 = gr[0].equals("sync") ? "synchronous mode" : "async";
                    g.drawString(l1, gx + gw / 2 - fm.stringWidth(l1) / 2, bottom + 18);
                    g.drawString(l2, gx + gw / 2 - fm.stringWidth(l2) / 2, bottom + 34);
                }
            }
            g.dispose();
            ImageIO.write(img, "png", file.toFile());
        }

        static void legend(Graphics2D g, int x, int y, Color c, String text) {
            g.setColor(c);
            g.fillRect(x, y - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(text, x + 20, y);
        }

        static int yOf(double v, double lo, double hi, int top, int bottom) {
            double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
            return (int) Math.round(bottom - f * (bottom - top));
        }
    }
}
