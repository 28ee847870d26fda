package io.pgward.bench;

import java.net.http.HttpClient;
import java.time.Duration;

/** The one HTTP client for etcd's JSON gateway and the agents' REST APIs (HTTP/1.1, 2 s to connect). */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private Http() {
    }
}
