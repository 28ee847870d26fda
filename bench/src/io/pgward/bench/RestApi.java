package io.pgward.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The calls the harness makes to an agent's REST API (the same for pgward and Patroni). */
final class RestApi {

    private RestApi() {
    }

    /** PATCH /config {"synchronous_mode": true}; anything but 200 is an error. */
    static void enableSyncMode(int port) throws IOException, InterruptedException {
        patchConfig(port, "{\"synchronous_mode\": true}");
    }

    /** PATCH /config with a JSON body; anything but 200 is an error. */
    static void patchConfig(int port, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/config"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PATCH /config " + json + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** POST /switchover {"leader": leader, "candidate": candidate}, sent now; the answer comes later. */
    static CompletableFuture<HttpResponse<String>> switchover(int port, String leader, String candidate) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/switchover"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"leader\":\"" + leader + "\",\"candidate\":\"" + candidate + "\"}")).build();
        return Http.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }
}
