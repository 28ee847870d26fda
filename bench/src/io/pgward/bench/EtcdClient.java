package io.pgward.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** etcd's v3 JSON gateway: read a key with its lease, a lease's time to live, health. */
final class EtcdClient {

    private final String url;

    EtcdClient(int port) {
        this.url = "http://127.0.0.1:" + port;
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(3)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("etcd " + path + ": " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    private static String b64(String s) {
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

    /** Seconds left on a lease; -1 when etcd cannot say. */
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
            HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/health"))
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
