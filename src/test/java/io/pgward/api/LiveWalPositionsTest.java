package io.pgward.api;

import io.pgward.postgres.PgStatus;
import io.pgward.postgres.StandbyWal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hazard: a replica racing for the leader key compares its WAL with its peers' {@code GET /patroni}; answered from an
 * observation one loop_wait old, a peer that has the old primary's last writes looks no further ahead than one that
 * missed them. A standby's /patroni reads its WAL positions now; the health checks keep answering from the snapshot.
 */
class LiveWalPositionsTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final FakeOperations ops = new FakeOperations();
    private RestServer server;
    private int port;

    private static PgStatus status(boolean inRecovery, long receive, long replay) {
        return new PgStatus(inRecovery, 1, inRecovery ? 0 : 9000, receive, replay, inRecovery ? "streaming" : null,
                null, false, "2026-12-03 10:00:00+00", 150000, List.of(), List.of());
    }

    private void start(PgStatus status) throws IOException {
        port = TestNode.freePort();
        NodeSnapshot base = TestNode.snapshot();
        NodeSnapshot snapshot = new NodeSnapshot(base.cluster(), base.local(), status, "running", Instant.now(),
                Instant.now(), List.of(), Map.of());
        server = new RestServer(TestNode.config(port, ""), () -> snapshot, ops);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aStandbysPatroniAnswerCarriesTheWalPositionsReadNowNotTheLastCycles() throws Exception {
        ops.liveWal = Optional.of(new StandbyWal(5000, 4000));
        start(status(true, 1000, 900));
        assertThat(get("/patroni")).contains("\"received_location\":5000").contains("\"replayed_location\":4000");
    }

    @Test
    void whenPostgresqlDoesNotAnswerNowTheLastObservationAnswers() throws Exception {
        start(status(true, 1000, 900));
        assertThat(get("/patroni")).contains("\"received_location\":1000").contains("\"replayed_location\":900");
    }

    @Test
    void positionsNeverGoBackAndAPrimaryIsNotAsked() throws Exception {
        ops.liveWal = Optional.of(new StandbyWal(10, 20));
        start(status(true, 1000, 900));
        assertThat(get("/patroni")).contains("\"received_location\":1000").contains("\"replayed_location\":900");
        stop();
        ops.liveWal = Optional.of(new StandbyWal(77777, 77777));
        start(status(false, 0, 0));
        assertThat(get("/patroni")).contains("\"location\":9000").doesNotContain("77777");
    }
}
