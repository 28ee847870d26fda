package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL that admits TCP connections only over TLS, and users whose postgresql.authentication entries say
 * {@code sslmode: verify-full} with the CA in {@code sslrootcert}: the agent's own SQL connections, the
 * replica's streaming (primary_conninfo), pg_basebackup and pg_rewind all connect with them.
 */
class PostgresTlsIT {

    @Test
    void everyConnectionAsAConfiguredUserUsesItsSslmodeAndRootCertificate() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            LoopbackCert tls = LoopbackCert.make(cluster.dir, "postgres");
            Files.setPosixFilePermissions(tls.key(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.setOwner(tls.key(), cluster.dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres"));
            cluster.parametersExtra = "\n    ssl: 'on'\n    ssl_cert_file: " + tls.cert() + "\n    ssl_key_file: "
                    + tls.key();
            cluster.userOptions = ", sslmode: verify-full, sslrootcert: " + tls.cert();
            cluster.hbaFirst = "\n    - hostnossl all all 0.0.0.0/0 reject";
            cluster.startEtcd().startAll();
            int leader = cluster.createAckedTable();
            int replica = 1 - leader;
            cluster.awaitHealthy(TestTime.seconds(120));

            try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM pg_stat_replication r JOIN pg_stat_ssl USING (pid) WHERE ssl"))
                        .as("the replica streams over TLS").isEqualTo(1);
                assertThat(count(s, "SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl USING (pid)"
                        + " WHERE a.application_name = 'pgward' AND ssl")).as("the agent's connections").isPositive();
                s.execute("INSERT INTO acked VALUES (1, 'before the crash')");
            }

            // the old primary comes back diverged: pg_rewind connects to the new leader as the rewind user
            cluster.agents.get(cluster.name(leader)).kill9();
            cluster.killPostgres(leader);
            await().ignoreExceptions().atMost(TestTime.seconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.name(replica).equals(cluster.view().leader()));
            cluster.startAgent(leader);
            cluster.awaitHealthy(TestTime.seconds(120));
            assertThat(cluster.log(leader)).contains("pg_rewind finished");
            try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM acked WHERE id = 1")).isEqualTo(1);
            }
        }
    }

    private static int count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
