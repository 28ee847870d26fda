package io.pgward.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hazard: {@code GET /cluster} answered from the loop's last etcd read, so on a node other than the one that changed
 * it showed a member's old state, timeline or role for up to one loop_wait (a replica already promoted elsewhere, a
 * clone already streaming). It reads etcd at the request, as Patroni's does, and falls back to the last read.
 */
class ClusterEndpointTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final FakeOperations etcd = new FakeOperations();
    private RestServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = TestNode.freePort();
        server = new RestServer(TestNode.config(port, ""), TestNode::snapshot, etcd);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void clusterShowsWhatEtcdHoldsNowNotTheLoopsLastRead() throws Exception {
        etcd.leader = "n2";
        etcd.member("n1", "replica", "running", false).member("n2", "primary", "running", false);

        String cluster = get("/cluster");

        assertThat(cluster).contains("\"name\":\"n2\"").contains("\"role\":\"leader\"");
        assertThat(cluster).contains("\"name\":\"n1\"");
    }

    @Test
    void clusterFallsBackToTheLastReadWhenEtcdCannotBeRead() throws Exception {
        etcd.readFails = true;

        assertThat(get("/cluster")).contains("\"scope\":\"demo\"").doesNotContain("\"name\":\"n2\"");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
