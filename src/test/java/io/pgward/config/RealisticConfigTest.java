package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real Patroni configuration files load without errors, into the values Patroni would use. */
class RealisticConfigTest {

    private static final Path RESOURCES = Path.of("src/test/resources/config");

    @Test
    void patroniPostgres0StyleFileLoadsCompletely() {
        LoadResult result = ConfigLoader.load(RESOURCES.resolve("postgres0.yml"), Map.of());

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        Config c = result.config();
        assertThat(c.name()).isEqualTo("postgresql0");
        assertThat(c.scope()).isEqualTo("batman");
        assertThat(c.namespace()).isEqualTo("service");
        assertThat(c.keyPrefix()).isEqualTo("/service/batman/");
        assertThat(c.sourceFile()).isEqualTo(RESOURCES.resolve("postgres0.yml").toString());

        assertThat(c.restapi().listen()).isEqualTo(new HostPort("127.0.0.1", 8008));
        assertThat(c.restapi().connectAddress()).isEqualTo(new HostPort("127.0.0.1", 8008));
        assertThat(c.restapi().authentication()).isEqualTo(new Credentials("patroni", "rest-secret"));
        assertThat(c.restapi().verifyClient()).isEqualTo("none");
        assertThat(c.restapi().allowlist()).isEmpty();
        assertThat(c.restapi().tls()).isFalse();

        assertThat(c.etcd().endpoints())
                .containsExactly("http://127.0.0.1:2379", "http://127.0.0.2:2379", "http://127.0.0.3:2379");

        BootstrapConfig b = c.bootstrap();
        assertThat(b.initdbArgs()).containsExactly("--encoding=UTF8", "--data-checksums");
        assertThat(b.postBootstrap()).isEqualTo("/usr/local/bin/setup_cluster.sh");
        assertThat(b.dcs()).containsEntry("ttl", 30).containsEntry("synchronous_mode", false)
                .containsEntry("maximum_lag_on_failover", 1048576);
        DynamicConfig dyn = b.dynamicConfig();
        assertThat(dyn.usePgRewind()).isTrue();
        assertThat(dyn.pgHba()).containsExactly("host replication replicator 127.0.0.1/32 scram-sha-256",
                "host all all 0.0.0.0/0 scram-sha-256");
        assertThat(dyn.pgParameters()).containsEntry("hot_standby", "on").containsEntry("max_connections", "200");

        PostgresqlConfig pg = c.postgresql();
        assertThat(pg.listenAddresses()).containsExactly("127.0.0.1");
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(pg.connectAddress()).isEqualTo(new HostPort("127.0.0.1", 5432));
        assertThat(pg.dataDir()).isEqualTo(Path.of("/var/lib/postgresql/15/batman"));
        assertThat(pg.configDir()).isEqualTo(pg.dataDir());
        assertThat(pg.binDir()).as("unset: the programs on PATH").isNull();
        assertThat(pg.pgpass()).isEqualTo(Path.of("/tmp/pgpass0"));
        assertThat(pg.authentication().superuser()).isEqualTo(new Credentials("postgres", "patroni"));
        assertThat(pg.authentication().replication()).isEqualTo(new Credentials("replicator", "rep-pass"));
        assertThat(pg.authentication().rewind()).isEqualTo(new Credentials("rewind_user", "rewind_password"));
        assertThat(pg.parameters()).containsExactly(entry("unix_socket_directories", ".."),
                entry("shared_buffers", "128MB"), entry("log_min_duration_statement", "500"), entry("jit", "off"),
                entry("checkpoint_completion_target", "0.9"));
        assertThat(pg.pgHba()).isNull();
        assertThat(pg.pgIdent()).isNull();
        assertThat(pg.createReplicaMethods()).extracting(ReplicaMethod::name).containsExactly("basebackup");
        assertThat(pg.basebackupArgs()).containsExactly("--verbose", "--max-rate=100M", "--checkpoint=fast");
        assertThat(pg.usePgRewind()).isNull();
        assertThat(pg.pgCtlTimeout()).isEqualTo(90);
        assertThat(pg.callbacks()).containsExactly(entry("on_role_change", "/usr/local/bin/role_change.sh"));

        Tags t = c.tags();
        assertThat(t.nofailover()).isFalse();
        assertThat(t.failoverPriority()).isEqualTo(2);
        assertThat(t.clonefrom()).isTrue();
        assertThat(t.published()).containsExactly(entry("clonefrom", true), entry("failover_priority", 2),
                entry("datacenter", "dc1"));
    }

    @Test
    void directoryOfTwoFilesIsMergedInNameOrderIgnoringOtherFiles() {
        LoadResult result = ConfigLoader.load(RESOURCES.resolve("conf.d"), Map.of());

        assertThat(result.problems()).isEmpty();
        Config c = result.config();
        assertThat(c.name()).isEqualTo("orders-2");
        assertThat(c.keyPrefix()).isEqualTo("/pg/orders/");
        assertThat(c.restapi().listen()).isEqualTo(new HostPort("0.0.0.0", 8008));
        assertThat(c.restapi().connectAddress()).isEqualTo(new HostPort("10.0.0.22", 8008));
        assertThat(c.restapi().verifyClient()).isEqualTo("optional");
        assertThat(c.restapi().allowlist()).containsExactly("10.0.0.0/24", "monitor.example.com");
        assertThat(c.restapi().allowlistIncludeMembers()).isTrue();
        assertThat(c.etcd().endpoints())
                .containsExactly("https://10.0.0.11:2379", "https://10.0.0.12:2379", "https://10.0.0.13:2379");
        assertThat(c.etcd().username()).isEqualTo("pgward");
        assertThat(c.etcd().cacert()).isEqualTo("/etc/pgward/etcd-ca.pem");
        assertThat(c.postgresql().connectAddress()).isEqualTo(new HostPort("10.0.0.22", 5432));
        // deep merge: the second file's parameters are merged into the first file's, last wins
        assertThat(c.postgresql().parameters()).containsExactly(entry("shared_buffers", "2GB"), entry("work_mem", "16MB"));
        assertThat(c.postgresql().pgHba()).hasSize(3);
        assertThat(c.tags().nosync()).isTrue();
        assertThat(c.tags().syncPriority()).isZero();
        assertThat(c.tags().published()).containsExactly(entry("nosync", true), entry("zone", "b"));
        assertThat(c.bootstrap().dynamicConfig().synchronousMode()).isEqualTo("on");
        assertThat(c.bootstrap().initdbArgs()).containsExactly("--data-checksums", "--locale=C.UTF-8");
    }

    @Test
    void problemsInADirectoryNameTheFileTheyAreIn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a.yml"), TestConfigs.MINIMAL);
        java.nio.file.Files.writeString(dir.resolve("b.yaml"), "\nrestapi:\n  listen: nowhere\n");

        LoadResult result = ConfigLoader.load(dir, Map.of());

        Problem p = TestConfigs.singleError(result);
        assertThat(p.file()).isEqualTo(dir.resolve("b.yaml").toString());
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.path()).isEqualTo("restapi.listen");
        assertThat(p.message()).isEqualTo("expected host:port, found 'nowhere' (no port)");
    }

    @Test
    void nullInALaterFileRemovesTheKeyAsPatroniDoes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a.yml"), TestConfigs.MINIMAL + "tags:\n  nofailover: true\n");
        java.nio.file.Files.writeString(dir.resolve("b.yml"), "tags:\n  nofailover:\n");

        Config c = ConfigLoader.load(dir, Map.of()).configOrThrow();

        assertThat(c.tags().nofailover()).isFalse();
        assertThat(c.tags().published()).isEmpty();
    }

    @Test
    void fullPatroniConfigIsRefusedOnlyForWhatPgwardWouldOtherwiseIgnoreUnsafely() {
        LoadResult result = ConfigLoader.load(RESOURCES.resolve("patroni-full.yml"), Map.of());

        assertThat(TestConfigs.paths(result.errors())).containsExactly("bootstrap.dcs.slots.debezium");
        assertThat(result.errors()).allSatisfy(e -> assertThat(e.message()).contains("is not implemented by pgward yet:"
                + " refused, because pgward would"));
    }

    @Test
    void fullPatroniConfigWithoutFailsafeAndLogicalSlotsLoadsWithWarningsOnlyForWhatPgwardDoesNotDo() throws Exception {
        String yaml = java.nio.file.Files.readString(RESOURCES.resolve("patroni-full.yml"))
                .replace("type: logical", "type: physical");
        LoadResult result = ConfigLoader.loadString(yaml, "patroni-full.yml", Map.of());

        assertThat(result.errors()).isEmpty();
        assertThat(TestConfigs.paths(result.warnings())).containsExactly("log.max_queue_size", "log.loggers",
                "restapi.ciphers",
                "restapi.http_extra_headers", "bootstrap.dcs.check_timeline");
        assertThat(result.warnings()).allSatisfy(w ->
                assertThat(w.message()).contains("accepted for compatibility, not used by pgward"));
        Config c = result.config();
        assertThat(c.namespace()).isEqualTo("service");
        assertThat(c.restapi().tls()).isTrue();
        assertThat(c.restapi().keyfilePassword()).isEqualTo("hunter2");
        assertThat(c.restapi().verifyClient()).isEqualTo("required");
        assertThat(c.restapi().authentication()).isEqualTo(new Credentials("admin", "p@ss: word"));
        assertThat(c.etcd().endpoints()).containsExactly("https://etcd1.billing.internal:2379",
                "https://etcd2.billing.internal:2379", "https://etcd3.billing.internal:2379");
        assertThat(c.etcd().cert()).isEqualTo("/etc/patroni/tls/etcd.crt");
        assertThat(c.etcd().key()).isEqualTo("/etc/patroni/tls/etcd.key");
        assertThat(c.bootstrap().postBootstrap()).isEqualTo("/etc/patroni/post_init.sh");
        assertThat(c.bootstrap().initdbArgs()).containsExactly("--data-checksums", "--encoding=UTF8",
                "--locale=C.UTF-8", "--auth-host=scram-sha-256");
        DynamicConfig dyn = c.bootstrap().dynamicConfig();
        assertThat(dyn.ttl()).isEqualTo(40);
        assertThat(dyn.retryTimeout()).isEqualTo(15);
        assertThat(dyn.synchronousMode()).isEqualTo("on");
        assertThat(dyn.checkTimeline()).isTrue();
        assertThat(dyn.maxTimelinesHistory()).isEqualTo(100);
        assertThat(dyn.maximumLagOnFailover()).isEqualTo(33554432L);
        assertThat(dyn.primaryStartTimeout()).isEqualTo(120);
        assertThat(dyn.raw()).containsKeys("slots", "ignore_slots", "failsafe_mode", "member_slots_ttl");
        PostgresqlConfig pg = c.postgresql();
        assertThat(pg.listenAddresses()).containsExactly("10.20.0.11", "127.0.0.1");
        assertThat(pg.configDir()).isEqualTo(Path.of("/etc/postgresql/15/billing"));
        assertThat(pg.parameters()).containsEntry("log_connections", "on");
        assertThat(pg.pgIdent()).containsExactly("ops alice@BILLING.INTERNAL postgres", "# comment lines are fine");
        assertThat(pg.basebackupArgs()).containsExactly("--max-rate=250M", "--checkpoint=fast");
        assertThat(pg.usePgRewind()).isTrue();
        assertThat(pg.removeDataDirectoryOnRewindFailure()).isTrue();
        assertThat(pg.removeDataDirectoryOnDivergedTimelines()).isTrue();
        assertThat(pg.pgCtlTimeout()).isEqualTo(120);
        assertThat(pg.callbacks()).containsOnlyKeys("on_start", "on_stop", "on_restart", "on_reload", "on_role_change");
        assertThat(c.tags().noloadbalance()).isTrue();
        assertThat(c.tags().replicatefrom()).isEqualTo("billing-db-0");
        assertThat(c.tags().published()).containsExactly(entry("noloadbalance", true), entry("clonefrom", true),
                entry("replicatefrom", "billing-db-0"), entry("rack", "r12"));

        EffectiveSettings.Result effective = EffectiveSettings.parameters(c, dyn);
        assertThat(effective.warnings()).isEmpty();
        assertThat(effective.parameters()).containsEntry("max_connections", "500")
                .containsEntry("track_commit_timestamp", "on").containsEntry("wal_keep_size", "1GB")
                .containsEntry("listen_addresses", "10.20.0.11,127.0.0.1").containsEntry("cluster_name", "billing")
                .containsEntry("shared_buffers", "4GB");
        assertThat(EffectiveSettings.pgHba(c, dyn)).hasSize(4);
        assertThat(EffectiveSettings.pgIdent(c, dyn)).hasSize(2);
    }

    @Test
    void configOrThrowListsEveryError() {
        LoadResult result = ConfigLoader.loadString("name: x\n", "bad.yml", Map.of());

        assertThat(result.hasErrors()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(result::configOrThrow)
                .isInstanceOf(io.pgward.PgwardException.class)
                .hasMessageContaining("bad.yml: error: scope: missing required key 'scope'")
                .hasMessageContaining("restapi")
                .satisfies(e -> assertThat(((io.pgward.PgwardException) e).code())
                        .isEqualTo(io.pgward.PgwardException.Code.CONFIG_INVALID));
    }

    @Test
    void minimalConfigHasPatroniDefaults() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL);

        assertThat(c.namespace()).isEqualTo("service");
        assertThat(c.bootstrap().dcs()).isEmpty();
        assertThat(c.bootstrap().initdbArgs()).isEmpty();
        assertThat(c.bootstrap().postBootstrap()).isNull();
        assertThat(c.postgresql().pgCtlTimeout()).isEqualTo(60);
        assertThat(c.postgresql().createReplicaMethods()).containsExactly(ReplicaMethod.basebackup());
        assertThat(c.postgresql().parameters()).isEmpty();
        assertThat(c.postgresql().callbacks()).isEmpty();
        assertThat(c.postgresql().authentication().rewind()).isNull();
        assertThat(c.restapi().authentication()).isNull();
        assertThat(c.etcd().protocol()).isEqualTo("http");
        assertThat(c.tags()).isEqualTo(Tags.none());
    }
}
