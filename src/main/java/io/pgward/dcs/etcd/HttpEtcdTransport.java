package io.pgward.dcs.etcd;

import io.pgward.tls.HttpClientByScheme;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link EtcdTransport} over the JDK HTTP client (HTTP/1.1; TLS from the etcd3 section when https). */
final class HttpEtcdTransport implements EtcdTransport {

    private final HttpClientByScheme http;

    HttpEtcdTransport(Duration connectTimeout, SSLContext tls) {
        this.http = new HttpClientByScheme(connectTimeout, tls);
    }

    @Override
    public Reply post(String endpoint, String path, String body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpRequest built = request.build();
        HttpResponse<String> response = http.forUri(built.uri()).send(built, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    @Override
    public InputStream watch(String endpoint, String body, Map<String, String> headers, Duration connectTimeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "/v3/watch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpRequest built = request.build();
        var pending = http.forUri(built.uri()).sendAsync(built, HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = pending.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                String answer;
                try (InputStream in = response.body()) {
                    answer = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                throw new IOException("watch refused with HTTP " + response.statusCode() + ": " + answer);
            }
            return response.body();
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no answer to the watch request within " + connectTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
