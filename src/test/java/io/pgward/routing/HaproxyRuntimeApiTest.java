package io.pgward.routing;

import io.pgward.config.RuntimeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against an in-process stand-in for HAProxy's socket: what is sent, what comes back, and the time limit. */
class HaproxyRuntimeApiTest {

    @Test
    void theCommandsGoAsOneLineAndTheAnswerComesBackTrimmed(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("admin.sock");
        try (ServerSocketChannel server = listen(socket)) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> answer(server, "No such server.\n\n"));

            String answer = new HaproxyRuntimeApi(RuntimeApi.parse(socket.toString()))
                    .send(List.of("set server a/b health up", "set server a/c health down"), Duration.ofSeconds(5));

            assertThat(received.get()).isEqualTo("set server a/b health up;set server a/c health down\n");
            assertThat(answer).isEqualTo("No such server.");
        }
    }

    @Test
    void anApiThatNeverAnswersIsGivenUpAfterTheTimeout(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("admin.sock");
        try (ServerSocketChannel server = listen(socket)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new HaproxyRuntimeApi(RuntimeApi.parse(socket.toString()))
                    .send(List.of("set server a/b health up"), Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class).hasMessageContaining("no answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMissingSocketIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> new HaproxyRuntimeApi(RuntimeApi.parse(dir.resolve("none.sock").toString()))
                .send(List.of("show info"), Duration.ofSeconds(1))).isInstanceOf(IOException.class);
    }

    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** Accepts one connection, reads one line, answers and closes, as HAProxy's non-interactive mode does. */
    private static String answer(ServerSocketChannel server, String answer) {
        try (SocketChannel c = server.accept()) {
            StringBuilder line = new StringBuilder();
            ByteBuffer b = ByteBuffer.allocate(1);
            while (c.read(b) > 0) {
                char ch = (char) b.get(0);
                b.clear();
                line.append(ch);
                if (ch == '\n') {
                    break;
                }
            }
            c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            return line.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
