package io.pgward.postgres;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for etcd's JSON gateway in the fence's tests: records every request (path, Authorization header, body)
 * and answers {@code /v3/auth/authenticate} with a token and {@code /v3/lease/revoke} with an empty header.
 */
final class FakeEtcdGateway implements AutoCloseable {

    /** {@code serverGone}: what {@link #serverGone} said when the request arrived. */
    record Request(String path, String authorization, String body, boolean serverGone) {}

    static final String TOKEN = "tok.42";
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Asked at each request's arrival: whether every process of the fenced server was gone by then. */
    volatile java.util.function.BooleanSupplier serverGone = () -> false;

    FakeEtcdGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization"), body,
                    serverGone.getAsBoolean()));
            byte[] answer = (path.equals("/v3/auth/authenticate")
                    ? "{\"header\":{\"revision\":\"7\"},\"token\":\"" + TOKEN + "\"}"
                    : "{\"header\":{\"revision\":\"8\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> revocations() {
        return requests.stream().filter(r -> r.path().equals("/v3/lease/revoke")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
