package io.pgward.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.config.RestApiConfig;
import io.pgward.tls.ReloadableServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.pgward.ha.ClusterView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Patroni's REST API on {@code restapi.listen}. Every GET answers from the agent's latest observation, so a load
 * balancer gets its answer in milliseconds even while PostgreSQL or etcd hang.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_BACKUP_SECTION = "no backup section in the dynamic configuration: pgward manages no"
            + " pgBackRest backups in this cluster (add one with pgward edit-config)";
    /** Request bodies are small JSON objects; a larger one is refused with 413 before it is read. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /**
     * Request handlers: a connection that sends its request slowly (or never finishes it) holds one while the JDK
     * server reads the headers, so there are enough for many such connections and health checks still get one.
     */
    private static final int MAX_HANDLERS = 256;

    /** The agent's current configuration: a reload (SIGHUP, POST /reload) takes effect with the next request. */
    private final Supplier<Config> config;
    private volatile ReloadableServerTls tls;
    private final Supplier<NodeSnapshot> snapshot;
    private final Operations ops;
    private final AccessControl access;
    private final SwitchoverEndpoint switchover;
    private final ConfigEndpoint configEndpoint;
    private HttpServer server;
    private ExecutorService pool;

    public RestServer(Config config, Supplier<NodeSnapshot> snapshot, Operations ops) {
        this(() -> config, snapshot, ops);
    }

    public RestServer(Supplier<Config> config, Supplier<NodeSnapshot> snapshot, Operations ops) {
        this.config = config;
        this.snapshot = snapshot;
        this.ops = ops;
        this.access = new AccessControl(() -> config.get().restapi(), this::memberApiUrls);
        this.switchover = new SwitchoverEndpoint(ops, Instant::now);
        this.configEndpoint = new ConfigEndpoint(ops);
    }

    private List<String> memberApiUrls() {
        NodeSnapshot s = snapshot.get();
        return s.cluster() == null ? List.of() : s.cluster().members().stream().map(m -> m.apiUrl())
                .filter(u -> u != null).toList();
    }

    public void start() {
        // The JDK server writes headers and body separately; with Nagle's algorithm against the client's delayed
        // ACK every small answer waits ~40 ms. Health checks must answer in well under a millisecond.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A request whose headers and body have not arrived within this many seconds is dropped (slow clients).
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
        var listen = config.get().restapi().listen();
        try {
            String host = listen.host() == null || listen.host().isEmpty() || listen.host().equals("*") ? "0.0.0.0" : listen.host();
            server = config.get().restapi().tls() ? httpsServer(new InetSocketAddress(host, listen.port()))
                    : HttpServer.create(new InetSocketAddress(host, listen.port()), 64);
        } catch (IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot listen on restapi.listen " + listen + ": "
                    + e.getMessage() + " (is another agent or program using that port?)", e);
        }
        pool = new ThreadPoolExecutor(4, MAX_HANDLERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    private HttpsServer httpsServer(InetSocketAddress address) throws IOException {
        var rest = config.get().restapi();
        tls = new ReloadableServerTls(rest.certfile(), rest.keyfile(), rest.keyfilePassword(), rest.cafile());
        SSLContext ssl = tls.context();
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                String verify = config.get().restapi().verifyClient();
                SSLParameters p = ssl.getDefaultSSLParameters();
                if ("required".equals(verify)) {
                    p.setNeedClientAuth(true);     // (setWantClientAuth would clear this flag again)
                } else if ("optional".equals(verify)) {
                    p.setWantClientAuth(true);
                }
                params.setSSLParameters(p);
            }
        });
        return https;
    }

    /**
     * Reads the certificate, key and CA files of {@code rest} again (a renewed certificate, or other files named),
     * for every new connection; on any problem nothing changes and the exception says what is wrong. An API serving
     * plain HTTP cannot start TLS without a restart, nor the reverse.
     */
    public void reloadTls(RestApiConfig rest) {
        ReloadableServerTls current = tls;
        if (current == null || !rest.tls()) {
            return;
        }
        current.reload(rest.certfile(), rest.keyfile(), rest.keyfilePassword(), rest.cafile());
    }

    /** With verify_client optional, unsafe requests still need a verified client certificate. */
    private boolean missingClientCertificate(HttpExchange ex) {
        if (!"optional".equals(config.get().restapi().verifyClient()) || !(ex instanceof HttpsExchange https)) {
            return false;
        }
        try {
            return https.getSSLSession().getPeerCertificates().length == 0;
        } catch (SSLPeerUnverifiedException e) {
            return true;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            NodeSnapshot s = snapshot.get();
            boolean headOnly = method.equals("HEAD") || method.equals("OPTIONS");
            if (!method.equals("GET") && !headOnly) {
                Reply r = unsafe(ex, method, path);
                send(ex, r.status(), r.body(), false);
                return;
            }
            Optional<Integer> health = HealthChecks.status(path, query, s, config.get().name(), config.get().tags().published(),
                    Instant.now());
            if (health.isPresent()) {
                boolean statusOnly = headOnly || path.equals("/liveness") || path.equals("/readiness");
                send(ex, health.get(), StatusJson.patroni(config.get(), s), statusOnly);
                return;
            }
            switch (path) {
                case "/patroni" -> send(ex, 200, StatusJson.patroni(config.get(), withLiveWal(s)), headOnly);
                case "/cluster" -> send(ex, 200, StatusJson.cluster(config.get(), freshOr(s.cluster())), headOnly);
                case "/history" -> send(ex, 200, StatusJson.history(freshOr(s.cluster())), headOnly);
                case "/config" -> {
                    ClusterView c = freshOr(s.cluster());
                    if (c == null || !c.configPresent()) {
                        send(ex, 502, Map.of("error", "no configuration in etcd yet"), headOnly);
                    } else {
                        send(ex, 200, c.config().raw(), headOnly);
                    }
                }
                case "/decisions" -> send(ex, 200, DecisionsJson.write(s.decisions()), headOnly);
                case "/failsafe" -> {
                    ClusterView c = s.cluster();
                    if (c == null || !c.config().failsafeMode()) {
                        send(ex, 502, Map.of("error", "failsafe_mode is not enabled"), headOnly);
                    } else {
                        send(ex, 200, c.failsafe(), headOnly);
                    }
                }
                case "/backup", "/backup/info" -> {
                    Reply r = backupRead(path);
                    send(ex, r.status(), r.body(), headOnly);
                }
                case "/metrics" -> sendText(ex, 200, Metrics.render(config.get(), s, Instant.now()), headOnly);
                case "/dashboard" -> sendHtml(ex, Dashboard.render(Dashboard.page(config.get(), s, ops, Instant.now())),
                        headOnly);
                default -> send(ex, 404, Map.of("error", "unknown path " + path), headOnly);
            }
        } catch (RuntimeException e) {
            log.warn("REST request failed: {}", e.getMessage(), e);
        }
    }

    private Reply unsafe(HttpExchange ex, String method, String path) throws IOException {
        if (crossSiteFormPost(ex)) {
            return Reply.error(403, "Access is denied: a browser request from another site must send"
                    + " Content-Type: application/json");
        }
        if (missingClientCertificate(ex)) {
            return Reply.error(403, "Access is denied: a client certificate is required (restapi.verify_client)");
        }
        Optional<AccessControl.Denial> denied = access.check(ex.getRemoteAddress().getAddress(),
                ex.getRequestHeaders().getFirst("Authorization"));
        if (denied.isPresent()) {
            if (denied.get().status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Patroni\"");
            }
            return Reply.error(denied.get().status(), denied.get().message());
        }
        Map<String, Object> body;
        try {
            body = readBody(ex);
        } catch (BodyTooLarge e) {
            return Reply.error(413, e.getMessage());
        } catch (IOException e) {
            return Reply.error(400, "the request body is not a JSON object: " + e.getMessage());
        }
        try {
            String route = method + " " + path;
            switch (route) {
                case "PATCH /config":
                    return configEndpoint.patch(body);
                case "PUT /config":
                    return configEndpoint.put(body);
                case "POST /switchover":
                    return switchover.post(body, false);
                case "POST /failover":
                    return switchover.post(body, true);
                case "DELETE /switchover":
                    return switchover.delete();
                case "POST /restart":
                    return restart(body);
                case "DELETE /restart":
                    return ops.cancelScheduledRestart() ? Reply.ok("scheduled restart deleted")
                            : Reply.error(404, "no restarts are scheduled");
                case "POST /reload":
                    return new Reply(202, ops.reload());
                case "POST /reinitialize":
                    return reinitialize(body);
                case "POST /backup":
                    return backup(body);
                case "POST /failsafe":
                    return failsafe(body);
                default:
                    return Reply.error(405, method + " " + path + " is not supported");
            }
        } catch (PgwardException e) {
            int status = e.code() == Code.DCS_UNREACHABLE ? 503 : e.code() == Code.BAD_REQUEST
                    || e.code() == Code.CONFIG_INVALID ? 400 : 503;
            return Reply.error(status, e.getMessage());
        }
    }

    private Reply restart(Map<String, Object> body) {
        NodeSnapshot s = snapshot.get();
        RestartRequest.Parsed parsed = RestartRequest.parse(body, Instant.now());
        if (parsed.error() != null) {
            return parsed.error();
        }
        RestartRequest r = parsed.request();
        if (r.schedule() != null) {
            if (s.cluster() != null && s.cluster().config().pause()) {
                return Reply.error(400, "Can't schedule restart in the paused state");
            }
            return ops.scheduleRestart(r) ? new Reply(202, "Restart scheduled")
                    : Reply.error(409, "Another restart is already scheduled");
        }
        int version = s.status() == null ? 0 : s.status().serverVersion();
        Optional<String> unmet = r.unmetCondition(s.local().runningAsPrimary(), !s.pendingRestart().isEmpty(), version);
        if (unmet.isPresent()) {
            return Reply.error(503, "restart conditions are not satisfied: " + unmet.get());
        }
        return Reply.ok(ops.restart(r.timeout()));
    }

    /** Patroni's answers: 502 without failsafe_mode, 500 with the reason when refused, 200 "Accepted". */
    private Reply failsafe(Map<String, Object> body) {
        ClusterView c = snapshot.get().cluster();
        if (c == null || !c.config().failsafeMode()) {
            return Reply.error(502, "failsafe_mode is not enabled");
        }
        if (!(body.get("name") instanceof String primary) || primary.isBlank()) {
            return Reply.error(400, "the body names no primary: expected {\"name\": ..., \"api_url\": ..., \"conn_url\": ...}");
        }
        String refused = ops.acceptFailsafe(primary);
        return refused == null ? Reply.ok("Accepted") : new Reply(500, refused);
    }

    private Reply backup(Map<String, Object> body) {
        BackupControl b = ops.backups();
        if (b == null) {
            return Reply.error(503, NO_BACKUP_SECTION);
        }
        Object type = body.getOrDefault("type", "incr");
        return new Reply(202, b.startBackup(String.valueOf(type)));
    }

    private Reply backupRead(String path) {
        BackupControl b = ops.backups();
        if (b == null) {
            return Reply.error(503, NO_BACKUP_SECTION);
        }
        if (path.equals("/backup")) {
            Map<String, Object> job = b.lastJob();
            return job == null ? Reply.error(404, "no pgBackRest job ran on this node since its agent started") : Reply.ok(job);
        }
        try {
            return Reply.ok(JSON.readTree(b.infoJson()));
        } catch (PgwardException e) {
            return Reply.error(503, e.getMessage());
        } catch (IOException e) {
            return Reply.error(502, "pgbackrest info gave no JSON: " + e.getMessage());
        }
    }

    private Reply reinitialize(Map<String, Object> body) {
        ClusterView c = ops.readCluster();
        if (c.isLeader(config.get().name())) {
            return Reply.error(503, "I am the leader, can not reinitialize");
        }
        if (!c.hasLeader()) {
            return Reply.error(503, "Cluster has no leader, can not reinitialize");
        }
        return Reply.ok(ops.reinitialize(Boolean.TRUE.equals(body.get("from_leader"))));
    }

    /**
     * A page in a browser may send a form or plain text to any site without asking first (no CORS preflight); such
     * a request carries an Origin header. Scripts and patronictl send none, so they are not affected.
     */
    private static boolean crossSiteFormPost(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        return origin != null && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"));
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge(String message) {
            super(message);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readBody(HttpExchange ex) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.trim().matches("\\d+") && Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
            throw new BodyTooLarge("request body of " + declared.trim() + " bytes refused: at most " + MAX_BODY_BYTES);
        }
        byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BodyTooLarge("request body refused: larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            return Map.of();
        }
        Object parsed = JSON.readValue(bytes, Object.class);
        if (!(parsed instanceof Map)) {
            throw new IOException("expected a JSON object, got " + (parsed == null ? "null" : parsed.getClass().getSimpleName()));
        }
        return (Map<String, Object>) parsed;
    }

    /**
     * A standby's snapshot with its WAL positions read now: peers racing for the leader key compare against them, and
     * a position one loop_wait old could let a replica that missed the old primary's last writes win the race.
     */
    private NodeSnapshot withLiveWal(NodeSnapshot s) {
        if (s.status() == null || !s.status().inRecovery()) {
            return s;
        }
        return ops.liveStandbyWal().map(wal -> s.withStatus(s.status().withPositions(wal))).orElse(s);
    }

    /**
     * Reads etcd now (so a GET right after a PATCH sees it, and every node shows a change as soon as etcd has it),
     * or falls back to the loop's snapshot.
     */
    private ClusterView freshOr(ClusterView cached) {
        try {
            return ops.readCluster();
        } catch (PgwardException e) {
            return cached;
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, Object body, boolean statusOnly) throws IOException {
        ex.getResponseHeaders().set("Server", "pgward");
        if (statusOnly) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        boolean text = body instanceof String;
        byte[] bytes = text ? ((String) body).getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", text ? "text/plain; charset=utf-8" : "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * An HTML page that may run only its own inline script and fetch only from this origin, never be framed, and is
     * never cached.
     */
    private static void sendHtml(HttpExchange ex, String html, boolean statusOnly) throws IOException {
        var headers = ex.getResponseHeaders();
        headers.set("Server", "pgward");
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src"
                + " 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", "no-store");
        if (statusOnly) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendText(HttpExchange ex, int status, String text, boolean statusOnly) throws IOException {
        ex.getResponseHeaders().set("Server", "pgward");
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        if (statusOnly) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
