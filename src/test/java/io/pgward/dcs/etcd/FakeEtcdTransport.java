package io.pgward.dcs.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EtcdTransport} whose members answer from scripts, with a clock that only moves when a member "hangs":
 * a hanging member uses up the whole time it was given, then times out.
 */
final class FakeEtcdTransport implements EtcdTransport, EtcdClient.Time {

    /** One request as the client sent it. */
    record Sent(String endpoint, String path, Map<String, String> headers, Duration timeout, String body) {}

    /** What a member does with one request. */
    interface Answer {
        Reply answer(Sent request) throws IOException;
    }

    static final Answer HANGS = r -> {
        throw new HttpTimeoutException("request timed out");
    };
    static final Answer REFUSES_CONNECTIONS = r -> {
        throw new java.net.ConnectException("Connection refused");
    };

    static Answer ok(String json) {
        return r -> new Reply(200, json);
    }

    static Answer error(int status, String message) {
        return r -> new Reply(status, "{\"error\":\"" + message + "\",\"message\":\"" + message + "\",\"code\":14}");
    }

    final AtomicLong clock = new AtomicLong();
    final List<Sent> sent = new ArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new HashMap<>();
    private final Map<String, Answer> always = new HashMap<>();
    final List<InputStream> watches = new ArrayList<>();

    /** {@code endpoint} answers every request with {@code answer} (after any scripted answers). */
    FakeEtcdTransport member(String endpoint, Answer answer) {
        always.put(endpoint, answer);
        return this;
    }

    /** {@code endpoint} answers its next requests with these, in order. */
    FakeEtcdTransport then(String endpoint, Answer... answers) {
        scripts.computeIfAbsent(endpoint, e -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    @Override
    public synchronized Reply post(String endpoint, String path, String body, Map<String, String> headers,
                                   Duration timeout) throws IOException {
        Sent request = new Sent(endpoint, path, Map.copyOf(headers), timeout, body);
        sent.add(request);
        Deque<Answer> script = scripts.get(endpoint);
        Answer answer = script != null && !script.isEmpty() ? script.poll() : always.get(endpoint);
        if (answer == null) {
            throw new IllegalStateException("no answer scripted for " + endpoint + path);
        }
        if (answer == HANGS) {
            clock.addAndGet(timeout.toNanos());
        }
        return answer.answer(request);
    }

    @Override
    public synchronized InputStream watch(String endpoint, String body, Map<String, String> headers,
                                          Duration connectTimeout) {
        sent.add(new Sent(endpoint, "/v3/watch", Map.copyOf(headers), connectTimeout, body));
        InputStream stream = new Silent();
        watches.add(stream);
        return stream;
    }

    /** A watch stream on which nothing ever arrives (a frozen member) until it is closed. */
    static final class Silent extends InputStream {
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stream closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }
    }

    @Override
    public long nanoTime() {
        return clock.get();
    }

    @Override
    public void sleep(long nanos) {
        clock.addAndGet(nanos);
    }

    /** The bodies sent to {@code path}, the base64 of keys and values left as it is. */
    List<String> bodies(String path) {
        return to(path).stream().map(Sent::body).toList();
    }

    List<Sent> to(String path) {
        return sent.stream().filter(s -> s.path().equals(path)).toList();
    }
}
