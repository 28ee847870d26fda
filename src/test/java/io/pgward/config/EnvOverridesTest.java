package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {

    private static LoadResult load(String yaml, Map<String, String> env) {
        return ConfigLoader.loadString(yaml, TestConfigs.FILE, env);
    }

    private static Map<String, String> completeEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PATRONI_NAME", "envnode");
        env.put("PATRONI_SCOPE", "envcluster");
        env.put("PATRONI_NAMESPACE", "/envspace/");
        env.put("PATRONI_RESTAPI_LISTEN", "0.0.0.0:8009");
        env.put("PATRONI_RESTAPI_CONNECT_ADDRESS", "10.1.0.1:8009");
        env.put("PATRONI_RESTAPI_USERNAME", "admin");
        env.put("PATRONI_RESTAPI_PASSWORD", "adminpw");
        env.put("PATRONI_RESTAPI_CERTFILE", "/tls/cert.pem");
        env.put("PATRONI_RESTAPI_KEYFILE", "/tls/key.pem");
        env.put("PATRONI_RESTAPI_CAFILE", "/tls/ca.pem");
        env.put("PATRONI_ETCD3_HOSTS", "e1:2379,e2:2379");
        env.put("PATRONI_ETCD3_PROTOCOL", "https");
        env.put("PATRONI_ETCD3_USERNAME", "etcduser");
        env.put("PATRONI_ETCD3_PASSWORD", "etcdpw");
        env.put("PATRONI_POSTGRESQL_LISTEN", "0.0.0.0:5433");
        env.put("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "10.1.0.1:5433");
        env.put("PATRONI_POSTGRESQL_DATA_DIR", "/data/pg");
        env.put("PATRONI_POSTGRESQL_CONFIG_DIR", "/etc/pg");
        env.put("PATRONI_POSTGRESQL_BIN_DIR", "/opt/pg/bin");
        env.put("PATRONI_POSTGRESQL_PGPASS", "/tmp/pgpass");
        env.put("PATRONI_SUPERUSER_USERNAME", "su");
        env.put("PATRONI_SUPERUSER_PASSWORD", "supw");
        env.put("PATRONI_REPLICATION_USERNAME", "repl");
        env.put("PATRONI_REPLICATION_PASSWORD", "replpw");
        env.put("PATRONI_REWIND_USERNAME", "rw");
        env.put("PATRONI_REWIND_PASSWORD", "rwpw");
        env.put("PATRONI_LOG_LEVEL", "DEBUG");
        return env;
    }

    @Test
    void configCanComeEntirelyFromTheEnvironment() {
        LoadResult result = load("", completeEnv());

        assertThat(result.problems()).isEmpty();
        Config c = result.config();
        assertThat(c.name()).isEqualTo("envnode");
        assertThat(c.scope()).isEqualTo("envcluster");
        assertThat(c.keyPrefix()).isEqualTo("/envspace/envcluster/");
        assertThat(c.restapi().listen()).isEqualTo(new HostPort("0.0.0.0", 8009));
        assertThat(c.restapi().connectAddress()).isEqualTo(new HostPort("10.1.0.1", 8009));
        assertThat(c.restapi().authentication()).isEqualTo(new Credentials("admin", "adminpw"));
        assertThat(c.restapi().certfile()).isEqualTo("/tls/cert.pem");
        assertThat(c.restapi().keyfile()).isEqualTo("/tls/key.pem");
        assertThat(c.restapi().cafile()).isEqualTo("/tls/ca.pem");
        assertThat(c.etcd().endpoints()).containsExactly("https://e1:2379", "https://e2:2379");
        assertThat(c.etcd().username()).isEqualTo("etcduser");
        assertThat(c.etcd().password()).isEqualTo("etcdpw");
        assertThat(c.postgresql().port()).isEqualTo(5433);
        assertThat(c.postgresql().connectAddress()).isEqualTo(new HostPort("10.1.0.1", 5433));
        assertThat(c.postgresql().dataDir()).isEqualTo(Path.of("/data/pg"));
        assertThat(c.postgresql().configDir()).isEqualTo(Path.of("/etc/pg"));
        assertThat(c.postgresql().binDir()).isEqualTo(Path.of("/opt/pg/bin"));
        assertThat(c.postgresql().pgpass()).isEqualTo(Path.of("/tmp/pgpass"));
        assertThat(c.postgresql().authentication().superuser()).isEqualTo(new Credentials("su", "supw"));
        assertThat(c.postgresql().authentication().replication()).isEqualTo(new Credentials("repl", "replpw"));
        assertThat(c.postgresql().authentication().rewind()).isEqualTo(new Credentials("rw", "rwpw"));
    }

    @Test
    void environmentOverridesTheFile() {
        Map<String, String> env = Map.of("PATRONI_NAME", "other", "PATRONI_POSTGRESQL_LISTEN", "127.0.0.1:6432",
                "PATRONI_REPLICATION_PASSWORD", "fromenv");

        Config c = load(TestConfigs.MINIMAL, env).configOrThrow();

        assertThat(c.name()).isEqualTo("other");
        assertThat(c.postgresql().listenAddresses()).containsExactly("127.0.0.1");
        assertThat(c.postgresql().port()).isEqualTo(6432);
        assertThat(c.postgresql().authentication().replication()).isEqualTo(new Credentials("replicator", "fromenv"));
        assertThat(c.scope()).isEqualTo("demo");
    }

    @Test
    void etcdEndpointsFromTheEnvironmentReplaceTheFilesEndpoints() {
        String yaml = TestConfigs.MINIMAL.replace("  hosts: 10.0.0.5:2379\n", "  hosts: 10.0.0.5:2379\n  username: fileuser\n");

        Config c = load(yaml, Map.of("PATRONI_ETCD3_HOST", "10.9.9.9:2379")).configOrThrow();

        assertThat(c.etcd().endpoints()).containsExactly("http://10.9.9.9:2379");
        assertThat(c.etcd().username()).isEqualTo("fileuser");
    }

    @Test
    void etcdUrlFromTheEnvironment() {
        Config c = load(TestConfigs.MINIMAL, Map.of("PATRONI_ETCD3_URL", "https://e9:2379")).configOrThrow();

        assertThat(c.etcd().endpoints()).containsExactly("https://e9:2379");
    }

    @Test
    void etcdV2VariablesConfigureTheEtcdSection() {
        String yaml = TestConfigs.MINIMAL.replace("etcd3:\n  hosts: 10.0.0.5:2379\n", "");

        Config c = load(yaml, Map.of("PATRONI_ETCD_HOSTS", "[x1:2379, x2:2379]")).configOrThrow();

        assertThat(c.etcd().endpoints()).containsExactly("http://x1:2379", "http://x2:2379");
    }

    @Test
    void badEnvironmentValueIsReportedByVariable() {
        LoadResult result = load(TestConfigs.MINIMAL, Map.of("PATRONI_RESTAPI_LISTEN", "8008"));

        Problem p = TestConfigs.singleError(result);
        assertThat(p.file()).isEqualTo("environment");
        assertThat(p.line()).isZero();
        assertThat(p.path()).isEqualTo("PATRONI_RESTAPI_LISTEN");
        String message = "expected host:port, found only a port number '8008' (no host): write the host too,"
                + " e.g. 127.0.0.1:8008";
        assertThat(p.message()).isEqualTo(message);
        assertThat(p.format()).isEqualTo("environment: error: PATRONI_RESTAPI_LISTEN: " + message);
    }

    @Test
    void relativeDataDirFromTheEnvironment() {
        Problem p = TestConfigs.singleError(load(TestConfigs.MINIMAL, Map.of("PATRONI_POSTGRESQL_DATA_DIR", "data")));

        assertThat(p.path()).isEqualTo("PATRONI_POSTGRESQL_DATA_DIR");
        assertThat(p.message()).startsWith("must be an absolute path");
    }

    @Test
    void invalidLogLevelFromTheEnvironment() {
        Problem p = TestConfigs.singleError(load(TestConfigs.MINIMAL, Map.of("PATRONI_LOG_LEVEL", "LOUD")));

        assertThat(p.path()).isEqualTo("PATRONI_LOG_LEVEL");
        assertThat(p.message()).startsWith("expected one of DEBUG, INFO");
    }

    @Test
    void otherDcsVariablesAreRefused() {
        Problem p = TestConfigs.singleError(load(TestConfigs.MINIMAL, Map.of("PATRONI_KUBERNETES_NAMESPACE", "x")));

        assertThat(p.path()).isEqualTo("PATRONI_KUBERNETES_NAMESPACE");
        assertThat(p.message()).contains("pgward supports only etcd3");
    }

    @Test
    void unrelatedAndEmptyVariablesAreIgnored() {
        Map<String, String> env = Map.of("PATH", "/bin", "PATRONI_SCOPE", "", "PATRONICTL_CONFIG_FILE", "/x",
                "PATRONI_SOMETHING_ELSE", "y");

        Config c = load(TestConfigs.MINIMAL, env).configOrThrow();

        assertThat(c.scope()).isEqualTo("demo");
    }

    @Test
    void missingKeysAreStillReportedWhenEnvironmentProvidesSome() {
        LoadResult result = load("", Map.of("PATRONI_NAME", "n", "PATRONI_SCOPE", "s"));

        assertThat(TestConfigs.paths(result.errors())).containsExactlyInAnyOrder("restapi", "etcd3", "postgresql");
    }

    @Test
    void etcdCredentialsWithoutAnEtcdSectionAreIgnoredAsInPatroni() {
        String yaml = TestConfigs.MINIMAL.replace("etcd3:\n", "etcd:\n");

        LoadResult result = load(yaml, Map.of("PATRONI_ETCD3_USERNAME", "u", "PATRONI_ETCD_PASSWORD", "p"));

        Problem p = TestConfigs.singleWarning(result);
        assertThat(p.file()).isEqualTo("environment");
        assertThat(p.path()).isEqualTo("PATRONI_ETCD3_USERNAME");
        assertThat(p.message()).contains("there is no etcd3 section");
        assertThat(result.config().etcd().password()).isEqualTo("p");
        assertThat(result.config().etcd().username()).isNull();
    }

    @Test
    void restApiAllowlistFromTheEnvironmentIsAList() {
        Config c = load(TestConfigs.MINIMAL, Map.of("PATRONI_RESTAPI_ALLOWLIST", "10.0.0.0/8, 127.0.0.1",
                "PATRONI_RESTAPI_ALLOWLIST_INCLUDE_MEMBERS", "true")).configOrThrow();

        assertThat(c.restapi().allowlist()).containsExactly("10.0.0.0/8", "127.0.0.1");
        assertThat(c.restapi().allowlistIncludeMembers()).isTrue();
    }
}
