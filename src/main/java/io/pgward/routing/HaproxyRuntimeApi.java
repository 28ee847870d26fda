package io.pgward.routing;

import io.pgward.config.RuntimeApi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HAProxy runtime API in its non-interactive mode: a connection per call, commands separated by ';', the answer
 * read until HAProxy closes. A call that takes longer than its timeout has its connection closed.
 */
final class HaproxyRuntimeApi {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "haproxy-api-timeout");
        t.setDaemon(true);
        return t;
    });

    private final RuntimeApi api;

    HaproxyRuntimeApi(RuntimeApi api) {
        this.api = api;
    }

    /**
     * Sends {@code commands} (each one line) and returns HAProxy's answer, trimmed (empty when every command
     * succeeded silently).
     *
     * @throws IOException when HAProxy cannot be reached or does not answer within {@code timeout}
     */
    String send(Iterable<String> commands, Duration timeout) throws IOException {
        String line = String.join(";", commands) + "\n";
        try (SocketChannel channel = open()) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> guard = TIMER.schedule(() -> {
                timedOut.set(true);
                closeQuietly(channel);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                channel.connect(api.socket() != null ? UnixDomainSocketAddress.of(api.socket())
                        : new InetSocketAddress(api.address().host(), api.address().port()));
                channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                while (channel.read(buffer) >= 0) {
                    answer.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                return answer.toString(StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                if (timedOut.get()) {
                    throw new IOException("no answer within " + timeout.toMillis() + " ms");
                }
                throw e;
            } finally {
                guard.cancel(false);
            }
        }
    }

    private SocketChannel open() throws IOException {
        return api.socket() != null ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing only ends a call that took too long
        }
    }

    @Override
    public String toString() {
        return api.toString();
    }
}
