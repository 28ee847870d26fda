package io.pgward.dcs.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small client for etcd's v3 JSON gateway ({@code /v3/kv/range}, {@code /v3/kv/txn}, leases, watch) — the same
 * API Patroni's etcd3 module speaks. Each call tries the endpoints in turn until {@code deadline} runs out;
 * failing that it throws {@link PgwardException} with {@link Code#DCS_UNREACHABLE}.
 */
public final class EtcdClient {

    /** One key as etcd returns it. {@code lease} is 0 when the key has no lease. */
    public record KeyValue(String key, String value, long createRevision, long modRevision, long lease) {}

    /** One change seen by a watch: the key, whether it was deleted, and the key's version (1 = just created). */
    public record WatchEvent(String key, boolean deleted, long version) {}

    /** A range result with the store revision it was read at. */
    public record RangeResult(long revision, List<KeyValue> kvs) {}

    static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final AtomicInteger preferred = new AtomicInteger();
    private final EtcdAuth auth;

    public EtcdClient(List<String> endpoints, Duration requestTimeout, String username, String password) {
        this(endpoints, requestTimeout, username, password, null);
    }

    /** {@code tls} is used for https endpoints (null: the JDK's default trust, no client certificate). */
    public EtcdClient(List<String> endpoints, Duration requestTimeout, String username, String password, SSLContext tls) {
        if (endpoints.isEmpty()) {
            throw new PgwardException(Code.CONFIG_INVALID, "no etcd endpoints configured");
        }
        this.endpoints = List.copyOf(endpoints);
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(2000, requestTimeout.toMillis())));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.auth = username == null ? null : new EtcdAuth(username, password);
    }

    public RangeResult get(String key) {
        ObjectNode body = JSON.createObjectNode().put("key", b64(key));
        return parseRange(call("/v3/kv/range", body));
    }

    public RangeResult getPrefix(String prefix) {
        ObjectNode body = JSON.createObjectNode().put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix)));
        return parseRange(call("/v3/kv/range", body));
    }

    public void put(String key, String value, long lease) {
        call("/v3/kv/put", Ops.put(key, value, lease));
    }

    public void delete(String key) {
        call("/v3/kv/deleterange", JSON.createObjectNode().put("key", b64(key)));
    }

    public void deletePrefix(String prefix) {
        call("/v3/kv/deleterange",
                JSON.createObjectNode().put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix))));
    }

    /** Runs a transaction; returns whether the comparisons held (and so the success operations ran). */
    public boolean txn(List<ObjectNode> compares, List<ObjectNode> onSuccess, List<ObjectNode> onFailure) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode c = body.putArray("compare");
        compares.forEach(c::add);
        ArrayNode s = body.putArray("success");
        onSuccess.forEach(s::add);
        ArrayNode f = body.putArray("failure");
        onFailure.forEach(f::add);
        return call("/v3/kv/txn", body).path("succeeded").asBoolean(false);
    }

    public long leaseGrant(long ttlSeconds) {
        JsonNode r = call("/v3/lease/grant", JSON.createObjectNode().put("TTL", ttlSeconds).put("ID", 0));
        long id = r.path("ID").asLong(0);
        if (id == 0) {
            throw new PgwardException(Code.DCS_UNREACHABLE, "etcd granted no lease: " + r);
        }
        return id;
    }

    /** Refreshes a lease; returns the TTL it now has, or 0 when etcd no longer knows the lease. */
    public long leaseKeepAlive(long lease) {
        JsonNode r = call("/v3/lease/keepalive", JSON.createObjectNode().put("ID", Long.toString(lease)));
        JsonNode result = r.has("result") ? r.get("result") : r;
        return result.path("TTL").asLong(0);
    }

    public void leaseRevoke(long lease) {
        try {
            call("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(lease)));
        } catch (PgwardException e) {
            if (!isLeaseNotFound(e)) {
                throw e;
            }
        }
    }

    static boolean isLeaseNotFound(PgwardException e) {
        return e.getMessage() != null && e.getMessage().contains("requested lease not found");
    }

    /**
     * Opens a watch stream on a prefix from {@code startRevision}; blocks reading events and calls
     * {@code onEvents} for each batch until the stream ends or {@code stop} says so. Throws when it cannot connect.
     */
    public void watchPrefix(String prefix, long startRevision, java.util.function.Consumer<List<WatchEvent>> onEvents,
                            java.util.function.BooleanSupplier stop) {
        ObjectNode create = JSON.createObjectNode();
        create.putObject("create_request").put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix)))
                .put("start_revision", Long.toString(startRevision));
        String endpoint = endpoints.get(Math.floorMod(preferred.get(), endpoints.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "/v3/watch"))
                .POST(HttpRequest.BodyPublishers.ofString(create.toString()));
        if (auth != null) {
            request.header("Authorization", auth.token(this, endpoint));
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body();
                 var it = JSON.readerFor(JsonNode.class).<JsonNode>readValues(in)) {
                while (!stop.getAsBoolean() && it.hasNext()) {
                    JsonNode msg = it.next();
                    JsonNode events = msg.path("result").path("events");
                    if (events.isArray() && !events.isEmpty()) {
                        List<WatchEvent> batch = new ArrayList<>();
                        for (JsonNode e : events) {
                            batch.add(new WatchEvent(unb64(e.path("kv").path("key").asText()),
                                    "DELETE".equals(e.path("type").asText()), e.path("kv").path("version").asLong(0)));
                        }
                        onEvents.accept(batch);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PgwardException(Code.DCS_UNREACHABLE, "etcd watch on " + endpoint + " ended: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tries each endpoint in turn; all attempts together stay within {@code requestTimeout}. */
    JsonNode call(String path, ObjectNode body) {
        List<String> failures = new ArrayList<>();
        int start = preferred.get();
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        for (int i = 0; i < endpoints.size(); i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                failures.add("deadline of " + requestTimeout.toMillis() + " ms passed");
                break;
            }
            int index = Math.floorMod(start + i, endpoints.size());
            String endpoint = endpoints.get(index);
            try {
                JsonNode result = send(endpoint, path, body, Duration.ofNanos(left));
                preferred.set(index);
                return result;
            } catch (IOException e) {
                failures.add(endpoint + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PgwardException(Code.DCS_UNREACHABLE, "interrupted while calling etcd");
            }
        }
        throw new PgwardException(Code.DCS_UNREACHABLE, "etcd unreachable (" + String.join("; ", failures) + ")");
    }

    private JsonNode send(String endpoint, String path, ObjectNode body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (auth != null && !path.startsWith("/v3/auth/")) {
            request.header("Authorization", auth.token(this, endpoint));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            String message = json.path("error").asText(json.path("message").asText(response.body()));
            if (response.statusCode() >= 500 && message.contains("timed out")) {
                throw new IOException("etcd " + message);
            }
            throw new PgwardException(Code.DCS_UNREACHABLE, "etcd refused " + path + ": " + message);
        }
        return json;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    private static RangeResult parseRange(JsonNode r) {
        List<KeyValue> kvs = new ArrayList<>();
        for (JsonNode kv : r.path("kvs")) {
            kvs.add(new KeyValue(unb64(kv.path("key").asText()), unb64(kv.path("value").asText("")),
                    kv.path("create_revision").asLong(0), kv.path("mod_revision").asLong(0), kv.path("lease").asLong(0)));
        }
        return new RangeResult(r.path("header").path("revision").asLong(0), kvs);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    static String prefixEnd(String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        b[b.length - 1]++;
        return new String(b, StandardCharsets.UTF_8);
    }
}
