package io.pgward.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Patroni's REST API on {@code restapi.listen}. Every GET answers from the agent's latest observation, so a load
 * balancer gets its answer in milliseconds even while PostgreSQL or etcd hang.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestServer.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Config config;
    private final Supplier<NodeSnapshot> snapshot;
    private final Runnable wakeup;
    private HttpServer server;
    private ExecutorService pool;

    public RestServer(Config config, Supplier<NodeSnapshot> snapshot, Runnable wakeup) {
        this.config = config;
        this.snapshot = snapshot;
        this.wakeup = wakeup;
    }

    public void start() {
        var listen = config.restapi().listen();
        try {
            String host = listen.host() == null || listen.host().isEmpty() || listen.host().equals("*") ? "0.0.0.0" : listen.host();
            server = HttpServer.create(new InetSocketAddress(host, listen.port()), 64);
        } catch (IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot listen on restapi.listen " + listen + ": "
                    + e.getMessage() + " (is another agent or program using that port?)", e);
        }
        pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            NodeSnapshot s = snapshot.get();
            boolean headOnly = method.equals("HEAD") || method.equals("OPTIONS");
            if (!method.equals("GET") && !headOnly) {
                send(ex, 405, Map.of("error", method + " " + path + " is not supported by this pgward version"), false);
                return;
            }
            Optional<Integer> health = HealthChecks.status(path, query, s, config.name(), config.tags().published(),
                    Instant.now());
            if (health.isPresent()) {
                boolean statusOnly = headOnly || path.equals("/liveness") || path.equals("/readiness");
                send(ex, health.get(), StatusJson.patroni(config, s), statusOnly);
                return;
            }
            switch (path) {
                case "/patroni" -> send(ex, 200, StatusJson.patroni(config, s), headOnly);
                case "/cluster" -> send(ex, 200, StatusJson.cluster(config, s.cluster()), headOnly);
                case "/history" -> send(ex, 200, StatusJson.history(s.cluster()), headOnly);
                case "/config" -> {
                    if (s.cluster() == null || !s.cluster().configPresent()) {
                        send(ex, 502, Map.of("error", "no configuration in etcd yet"), headOnly);
                    } else {
                        send(ex, 200, s.cluster().config().raw(), headOnly);
                    }
                }
                case "/decisions" -> send(ex, 200, s.decisions(), headOnly);
                default -> send(ex, 404, Map.of("error", "unknown path " + path), headOnly);
            }
        } catch (RuntimeException e) {
            log.warn("REST request failed: {}", e.getMessage(), e);
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
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public void wakeAgent() {
        wakeup.run();
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
