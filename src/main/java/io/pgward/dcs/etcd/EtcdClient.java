package io.pgward.dcs.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.etcd.EtcdException.Kind;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small client for etcd's v3 JSON gateway ({@code /v3/kv/range}, {@code /v3/kv/txn}, leases, watch) — the same
 * API Patroni's etcd3 module speaks — that keeps working while a minority of members is slow, frozen, partitioned,
 * restarting or electing a leader:
 * <ul>
 *   <li>each call's time budget is split across the members not yet tried, so a frozen member costs one share of it,
 *       not all of it; the member that answered last is asked first next time;</li>
 *   <li>any failure that another member may not have (no answer, connection refused, 5xx, "no leader", "leader
 *       changed", "too many requests") moves on to the next member;</li>
 *   <li>every request asks the member to refuse it when it has no raft leader (etcd's {@code hasleader} metadata),
 *       so a member cut from its peers answers at once instead of hanging a linearizable read;</li>
 *   <li>an auth token that etcd no longer accepts (a member restarted, a JWT expired) is renewed once per call;</li>
 *   <li>a watch on a member that the client has just given up on is closed, so the watcher re-opens it elsewhere.</li>
 * </ul>
 * Failures are {@link EtcdException}s typed by {@link Kind}.
 */
public final class EtcdClient {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EtcdClient.class);

    /** One key as etcd returns it. {@code lease} is 0 when the key has no lease. */
    public record KeyValue(String key, String value, long createRevision, long modRevision, long lease) {}

    /** One change seen by a watch: the key, whether it was deleted, and the key's version (1 = just created). */
    public record WatchEvent(String key, boolean deleted, long version) {}

    /** A range result with the store revision it was read at. */
    public record RangeResult(long revision, List<KeyValue> kvs) {}

    static final ObjectMapper JSON = new ObjectMapper();
    /** gRPC metadata through the gateway: refuse the request when this member has no raft leader. */
    static final String REQUIRE_LEADER_HEADER = "Grpc-Metadata-hasleader";
    /** No member gets less than this, even when many share a small budget. */
    private static final long MIN_SHARE_NANOS = Duration.ofMillis(300).toNanos();
    /** After every member failed quickly (all restarting), the pause before asking them all again. */
    private static final long ROUND_PAUSE_NANOS = Duration.ofMillis(250).toNanos();

    /** The client's sense of time: a monotonic clock and a way to wait on it. */
    interface Time {
        long nanoTime();

        void sleep(long nanos) throws InterruptedException;

        Time SYSTEM = new Time() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private final List<String> endpoints;
    private final EtcdTransport transport;
    private final Duration requestTimeout;
    /** How long a call may last once a member said it has no leader (alive, but electing): at least requestTimeout. */
    private final Duration electionBudget;
    private final Time time;
    private final AtomicInteger preferred = new AtomicInteger();
    private final EtcdAuth auth;
    private final String username;
    private volatile OpenWatch openWatch;
    /** {@link Time#nanoTime()} when etcd was last heard from (see {@link #lastHeardNanos()}); 0 before. */
    private volatile long lastHeardNanos;

    /** A watch stream and the member it reads from. */
    private record OpenWatch(String endpoint, InputStream stream) {}

    public EtcdClient(List<String> endpoints, Duration requestTimeout, String username, String password) {
        this(endpoints, requestTimeout, username, password, null);
    }

    /** {@code tls} is used for https endpoints (null: the JDK's default trust, no client certificate). */
    public EtcdClient(List<String> endpoints, Duration requestTimeout, String username, String password, SSLContext tls) {
        this(endpoints, requestTimeout, requestTimeout, username, password, tls);
    }

    /**
     * {@code electionBudget}: a call in which some member answered that it has no leader may go on until then, since
     * etcd is alive and electing; a call in which no member answers at all (this host is cut off) still ends after
     * {@code requestTimeout}, so that an isolated primary steps down as early as before.
     */
    public EtcdClient(List<String> endpoints, Duration requestTimeout, Duration electionBudget, String username,
                      String password, SSLContext tls) {
        this(endpoints, requestTimeout, electionBudget, username, password,
                new HttpEtcdTransport(Duration.ofMillis(Math.min(2000, requestTimeout.toMillis())), tls), Time.SYSTEM);
    }

    EtcdClient(List<String> endpoints, Duration requestTimeout, Duration electionBudget, String username,
               String password, EtcdTransport transport, Time time) {
        if (endpoints.isEmpty()) {
            throw new PgwardException(Code.CONFIG_INVALID, "no etcd endpoints configured");
        }
        this.endpoints = List.copyOf(endpoints);
        this.requestTimeout = requestTimeout;
        this.electionBudget = electionBudget.compareTo(requestTimeout) > 0 ? electionBudget : requestTimeout;
        this.transport = transport;
        this.time = time;
        this.username = username;
        this.auth = username == null ? null : new EtcdAuth(username, password);
    }

    public RangeResult get(String key) {
        ObjectNode body = JSON.createObjectNode().put("key", b64(key));
        return parseRange(call("/v3/kv/range", body));
    }

    /**
     * Reads one key within {@code budget}, all members together (no extension while they elect): a quick "does a
     * member with a raft leader answer" check that does not hold its caller for a whole request timeout.
     */
    public RangeResult getWithin(String key, Duration budget) {
        ObjectNode body = JSON.createObjectNode().put("key", b64(key));
        return parseRange(call("/v3/kv/range", body, budget, budget));
    }

    /**
     * The monotonic time etcd was last heard from by any call of this client: a member answered, or a majority of the
     * members answered within one call that they have no leader (alive and electing one; no key can change meanwhile).
     * One member's "no leader" alone is not enough: it may be cut off with this host while the others elect. 0 before.
     */
    public long lastHeardNanos() {
        return lastHeardNanos;
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

    /** Seconds the lease has left, or -1 when etcd no longer knows it. */
    public long leaseTimeToLive(long lease) {
        JsonNode r = call("/v3/lease/timetolive", JSON.createObjectNode().put("ID", Long.toString(lease)));
        return r.path("TTL").asLong(-1);
    }

    public void leaseRevoke(long lease) {
        try {
            call("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(lease)));
        } catch (EtcdException e) {
            if (e.kind() != Kind.LEASE_NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * Opens a watch stream on a prefix from {@code startRevision} on the member asked first; blocks reading events
     * and calls {@code onEvents} for each batch until the stream ends, {@code stop} says so, or a call gives up on
     * that member (which closes the stream). Throws when it cannot open the stream or it ends with an error.
     */
    public void watchPrefix(String prefix, long startRevision, java.util.function.Consumer<List<WatchEvent>> onEvents,
                            java.util.function.BooleanSupplier stop) {
        ObjectNode create = JSON.createObjectNode();
        create.putObject("create_request").put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix)))
                .put("start_revision", Long.toString(startRevision));
        String endpoint = endpoints.get(Math.floorMod(preferred.get(), endpoints.size()));
        Duration connect = Duration.ofMillis(Math.min(2000, requestTimeout.toMillis()));
        OpenWatch watch = null;
        try {
            watch = new OpenWatch(endpoint, transport.watch(endpoint, create.toString(),
                    headers(endpoint, connect), connect));
            openWatch = watch;
            try (InputStream in = watch.stream();
                 var it = JSON.readerFor(JsonNode.class).<JsonNode>readValues(in)) {
                while (!stop.getAsBoolean() && it.hasNext()) {
                    JsonNode msg = it.next();
                    String error = msg.path("error").path("message").asText(
                            msg.path("result").path("cancel_reason").asText(""));
                    if (!error.isEmpty()) {
                        throw failure(0, error, endpoint);
                    }
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
        } catch (EtcdException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EtcdException(Kind.UNREACHABLE, "etcd watch on " + endpoint + " ended: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (watch != null && openWatch == watch) {
                openWatch = null;
            }
        }
    }

    /**
     * Tries the members in turn, the one that answered last first, each with an equal share of what is left of
     * {@code requestTimeout} (or {@code electionBudget} once a member said it has no leader); see the class comment
     * for which failures move on and which end the call. When every member failed and time is left (all of them
     * restarting or electing), asks them all again after a short pause.
     */
    JsonNode call(String path, ObjectNode body) {
        return call(path, body, requestTimeout, electionBudget);
    }

    private JsonNode call(String path, ObjectNode body, Duration budget, Duration electionBudget) {
        Map<String, String> failures = new java.util.LinkedHashMap<>();    // the last failure of each member
        java.util.Set<String> electing = new java.util.HashSet<>();
        int start = preferred.get();
        long began = time.nanoTime();
        long deadline = began + budget.toNanos();
        boolean reauthenticated = false;
        int tried = 0;
        while (true) {
            if (tried == endpoints.size()) {
                if (deadline - time.nanoTime() < ROUND_PAUSE_NANOS + MIN_SHARE_NANOS || !pause()) {
                    break;
                }
                tried = 0;
            }
            if (deadline - time.nanoTime() <= 0) {
                failures.put("", "the call's budget of " + budget.toMillis() + " ms ran out");
                break;
            }
            int index = Math.floorMod(start + tried, endpoints.size());
            String endpoint = endpoints.get(index);
            try {
                Duration share = Duration.ofNanos(share(deadline, endpoints.size() - tried));
                JsonNode result = post(endpoint, path, body, headers(endpoint, share), share);
                lastHeardNanos = time.nanoTime();
                if (preferred.getAndSet(index) != index) {
                    log.info("etcd: now using member {} ({})", endpoint, String.join("; ", failures.values()));
                }
                return result;
            } catch (EtcdException e) {
                if (e.kind() == Kind.INVALID_TOKEN && auth != null && !reauthenticated) {
                    log.info("{}: authenticating again", e.getMessage());
                    auth.invalidate();
                    reauthenticated = true;    // ask the same member again with a fresh token, once per call
                    continue;
                }
                if (!e.kind().tryAnotherMember) {
                    throw e;
                }
                if (e.kind() == Kind.NO_LEADER) {
                    deadline = Math.max(deadline, began + electionBudget.toNanos());
                    electing.add(endpoint);
                    if (electing.size() > endpoints.size() / 2) {
                        lastHeardNanos = time.nanoTime();
                    }
                }
                failures.remove(endpoint);
                failures.put(endpoint, e.getMessage());
                giveUpOn(endpoint);
                tried++;
            }
        }
        throw new EtcdException(Kind.UNREACHABLE, "etcd unreachable (" + String.join("; ", failures.values())
                + ")");
    }

    private boolean pause() {
        try {
            time.sleep(ROUND_PAUSE_NANOS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An equal share of the time left before {@code deadline} for each of {@code members} still to try. */
    private long share(long deadline, int members) {
        long left = deadline - time.nanoTime();
        return Math.max(1, Math.min(left, Math.max(MIN_SHARE_NANOS, left / Math.max(1, members))));
    }

    /** A watch reading from a member that just failed a call would stall unnoticed: close it to re-watch elsewhere. */
    private void giveUpOn(String endpoint) {
        OpenWatch watch = openWatch;
        if (watch != null && watch.endpoint().equals(endpoint)) {
            try {
                watch.stream().close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    /**
     * The request headers: leader required, and the auth token (fetched from this member, within {@code timeout},
     * when there is none yet).
     */
    private Map<String, String> headers(String endpoint, Duration timeout) {
        Map<String, String> headers = new HashMap<>();
        headers.put(REQUIRE_LEADER_HEADER, "true");
        if (auth != null) {
            String token = auth.token(() -> post(endpoint, "/v3/auth/authenticate", auth.request(),
                    Map.of(REQUIRE_LEADER_HEADER, "true"), timeout));
            if (!token.isEmpty()) {
                headers.put("Authorization", token);
            }
        }
        return headers;
    }

    /** etcd's plain-text answer to a gateway request with a client certificate that has a CN, once auth is on. */
    private static final String GATEWAY_CN_REFUSED = "CommonName of client sending a request against gateway";

    /** One POST to one member; any failure comes back as an {@link EtcdException} of its kind. */
    private JsonNode post(String endpoint, String path, ObjectNode body, Map<String, String> headers, Duration timeout) {
        EtcdTransport.Reply reply;
        try {
            reply = transport.post(endpoint, path, body.toString(), headers, timeout);
        } catch (IOException e) {
            throw new EtcdException(Kind.UNREACHABLE, endpoint + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdException(Kind.UNREACHABLE, "interrupted while calling etcd");
        }
        JsonNode json;
        try {
            json = reply.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(reply.body());
        } catch (IOException e) {
            if (reply.body().contains(GATEWAY_CN_REFUSED)) {
                throw new EtcdException(Kind.AUTH_FAILED, "etcd refuses the client certificate etcd3.cert because it"
                        + " has a common name (CN): with etcd authentication on, etcd's HTTP gateway (which pgward uses,"
                        + " like Patroni) answers every request made with such a certificate with 400; issue the"
                        + " client certificate without a CN (the host in subjectAltName only), see docs/deploy.md ("
                        + endpoint + ": " + reply.body().strip() + ")");
            }
            throw new EtcdException(reply.status() >= 500 ? Kind.UNREACHABLE : Kind.REFUSED,
                    endpoint + " answered HTTP " + reply.status() + " with something that is not JSON: " + reply.body());
        }
        if (reply.status() != 200) {
            throw failure(reply.status(), json.path("error").asText(json.path("message").asText(reply.body())), endpoint);
        }
        return json;
    }

    private EtcdException failure(int status, String message, String endpoint) {
        Kind kind = EtcdException.classify(status, message);
        if (kind == Kind.INVALID_TOKEN && auth == null) {
            return new EtcdException(Kind.AUTH_FAILED, "etcd requires authentication but etcd3.username and"
                    + " etcd3.password are not set (" + endpoint + ": " + message + ")");
        }
        String text = switch (kind) {
            case AUTH_FAILED -> "etcd refused user '" + username + "': " + message + " (" + kind.advice() + ")";
            case PERMISSION_DENIED -> "etcd denied user '" + username + "' access: " + message + " ("
                    + kind.advice() + ")";
            case INVALID_TOKEN -> "etcd member " + endpoint + " rejected the auth token of user '" + username + "': "
                    + message;
            default -> endpoint + ": " + message;
        };
        return new EtcdException(kind, text);
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
