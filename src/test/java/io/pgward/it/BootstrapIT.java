package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgward.dcs.etcd.EtcdClient;
import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/** Three real agents bootstrap a cluster through a real etcd: one primary, two streaming replicas. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapIT {

    private ClusterFixture cluster;
    private int leader;

    @BeforeAll
    void bootstrap() throws Exception {
        cluster = new ClusterFixture(3).startEtcd().startAll();
        leader = cluster.index(cluster.awaitHealthy(TestTime.seconds(120)));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void primaryStreamsToBothReplicas() throws Exception {
        try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
            await().atMost(TestTime.seconds(30)).until(() -> streamingReplicas(s).size() == 2);
            assertThat(streamingReplicas(s)).containsExactlyInAnyOrderElementsOf(
                    List.of(0, 1, 2).stream().filter(i -> i != leader).map(cluster::name).toList());
        }
    }

    private static List<String> streamingReplicas(Statement s) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    @Test
    void vectorRowsWrittenOnThePrimaryAreReadOnBothReplicas() throws Exception {
        assumeTrue(ClusterFixture.HAS_PGVECTOR, "pgvector is not installed for " + ClusterFixture.PG_BIN);
        try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, embedding vector(3))");
            s.execute("INSERT INTO items VALUES (1, '[1,2,3]'), (2, '[4,5,6]')");
        }
        for (int i = 0; i < 3; i++) {
            if (i == leader) {
                continue;
            }
            int replica = i;
            await().atMost(TestTime.seconds(30)).untilAsserted(() -> {
                try (Connection c = cluster.connect(replica); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT id, embedding::text FROM items ORDER BY embedding <-> '[4,5,5]' LIMIT 1")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getInt(1)).isEqualTo(2);
                    assertThat(r.getString(2)).isEqualTo("[4,5,6]");
                }
            });
        }
    }

    @Test
    void everyNodeRunsThePostgresqlTheSuiteWasAskedFor() throws Exception {
        Process p = new ProcessBuilder(ClusterFixture.PG_BIN + "/postgres", "--version").start();
        String version = new String(p.getInputStream().readAllBytes()).replaceAll(".*\\) ", "").strip();
        p.waitFor();
        for (int i = 0; i < 3; i++) {
            try (Connection c = cluster.connect(i); Statement s = c.createStatement()) {
                assertThat(scalar(s, "SHOW server_version")).as(ClusterFixture.PG_BIN).startsWith(version);
            }
        }
    }

    @Test
    void checksumsOnAndPgStatStatementsLoadedOnEveryNode() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Connection c = cluster.connect(i); Statement s = c.createStatement()) {
                assertThat(scalar(s, "SHOW data_checksums")).isEqualTo("on");
                assertThat(scalar(s, "SHOW shared_preload_libraries")).contains("pg_stat_statements");
                assertThat(scalar(s, "SELECT count(*) FROM pg_extension WHERE extname IN ('vector', 'pg_stat_statements')"))
                        .isEqualTo(ClusterFixture.HAS_PGVECTOR ? "2" : "1");
                assertThat(scalar(s, "SELECT count(*) >= 0 FROM pg_stat_statements")).isEqualTo("t");
            }
        }
    }

    // Utility statements are stored verbatim by pg_stat_statements and logged whole on error: a role password set
    // in plain text ended up in the view on the primary.
    @Test
    void rolePasswordsReachNeitherTheServerLogNorPgStatStatements() throws Exception {
        int leader = cluster.index(cluster.view().leader());
        List<String> secrets = List.of(ClusterFixture.SUPERUSER_PASSWORD, "repl-secret", "rewind-secret");
        try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
            for (String secret : secrets) {
                assertThat(scalar(s, "SELECT count(*) FROM pg_stat_statements WHERE strpos(query, '" + secret + "') > 0"))
                        .as("statements holding %s", secret).isEqualTo("0");
            }
            assertThat(scalar(s, "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'replicator'"))
                    .isEqualTo("t");
        }
        Path serverLogFile = cluster.dataDir(leader).resolveSibling("data.postgres.log");
        String serverLog = Files.readString(serverLogFile);
        for (String secret : secrets) {
            assertThat(serverLog).doesNotContain(secret);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(serverLogFile)))
                .as("the server log is PostgreSQL's user's alone").isEqualTo("rw-------");
    }

    private static String scalar(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void pgHbaHoldsExactlyTheConfiguredRulesWithMode0600() throws Exception {
        for (int i = 0; i < 3; i++) {
            Path hba = cluster.dataDir(i).resolve("pg_hba.conf");
            List<String> rules = Files.readAllLines(hba).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toList());
            assertThat(rules).containsExactly("local all all peer", "host all all 127.0.0.1/32 scram-sha-256",
                    "host replication replicator 127.0.0.1/32 scram-sha-256");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hba))).isEqualTo("rw-------");
            assertThat(Files.getOwner(hba).getName()).isEqualTo("postgres");
        }
    }

    @Test
    void dataDirectoriesAre0700AndOwnedByPostgres() throws Exception {
        for (int i = 0; i < 3; i++) {
            Path d = cluster.dataDir(i);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
            assertThat(Files.getOwner(d).getName()).isEqualTo("postgres");
        }
    }

    @Test
    void postgresRunsAsThePostgresUserNotRoot() throws Exception {
        for (int i = 0; i < 3; i++) {
            ProcessHandle pm = cluster.postmaster(i).orElseThrow();
            assertThat(pm.info().user()).contains("postgres");
        }
    }

    @Test
    void etcdKeysFollowPatronisLayout() throws Exception {
        EtcdClient etcd = cluster.etcd.client();
        String prefix = "/service/it/";
        List<String> keys = etcd.getPrefix(prefix).kvs().stream().map(EtcdClient.KeyValue::key).toList();
        assertThat(keys).contains(prefix + "initialize", prefix + "config", prefix + "leader",
                prefix + "members/n1", prefix + "members/n2", prefix + "members/n3");
        ClusterView view = cluster.view();
        assertThat(view.initialize()).matches("\\d{10,}");
        assertThat(etcd.get(prefix + "leader").kvs().get(0).value()).isEqualTo(cluster.name(leader));
        assertThat(etcd.get(prefix + "leader").kvs().get(0).lease()).isNotZero();

        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(etcd.get(prefix + "config").kvs().get(0).value());
        assertThat(config.path("ttl").asInt()).isEqualTo(20);
        assertThat(config.path("loop_wait").asInt()).isEqualTo(2);

        for (int i = 0; i < 3; i++) {
            EtcdClient.KeyValue kv = etcd.get(prefix + "members/" + cluster.name(i)).kvs().get(0);
            assertThat(kv.lease()).as("member key is attached to the agent's lease").isNotZero();
            JsonNode m = json.readTree(kv.value());
            assertThat(m.path("conn_url").asText()).isEqualTo("postgres://127.0.0.1:" + cluster.pgPorts[i] + "/postgres");
            assertThat(m.path("api_url").asText()).isEqualTo("http://127.0.0.1:" + cluster.restPorts[i] + "/patroni");
            assertThat(m.path("state").asText()).isEqualTo("running");
            assertThat(m.path("role").asText()).isEqualTo(i == leader ? "primary" : "replica");
            assertThat(m.path("timeline").asInt()).isEqualTo(1);
            assertThat(m.path("xlog_location").isIntegralNumber()).isTrue();
            if (i != leader) {
                assertThat(m.path("replication_state").asText()).isEqualTo("streaming");
            }
        }
    }

    @Test
    void restHealthChecksAnswerLikePatroni() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            int expectedPrimary = i == leader ? 200 : 503;
            assertThat(status(http, i, "/primary")).isEqualTo(expectedPrimary);
            assertThat(status(http, i, "/replica")).isEqualTo(i == leader ? 503 : 200);
            assertThat(status(http, i, "/health")).isEqualTo(200);
            JsonNode patroni = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cluster.restPorts[i] + "/patroni")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(patroni.path("role").asText()).isEqualTo(i == leader ? "primary" : "replica");
            assertThat(patroni.path("patroni").path("name").asText()).isEqualTo(cluster.name(i));
        }
    }

    private int status(HttpClient http, int node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.restPorts[node] + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
