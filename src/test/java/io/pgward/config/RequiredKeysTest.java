package io.pgward.config;

import static io.pgward.config.TestConfigs.MINIMAL;
import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.load;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.singleWarning;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequiredKeysTest {

    @Test
    void emptyConfigReportsEveryMissingSectionAtOnce() {
        LoadResult result = load("");

        assertThat(result.config()).isNull();
        assertThat(TestConfigs.paths(result.errors()))
                .containsExactlyInAnyOrder("name", "scope", "restapi", "etcd3", "postgresql");
        assertThat(result.errors()).allSatisfy(p -> assertThat(p.line()).isZero());
        assertThat(result.errors()).extracting(Problem::message).contains(
                "missing required key 'name' (this node's name, unique in the cluster)",
                "missing required key 'scope' (the cluster's name)");
    }

    @Test
    void missingRestApiListenIsReportedAtTheRestApiSection() {
        Problem p = singleError(load(MINIMAL.replace("  listen: 0.0.0.0:8008\n", "")));

        assertError(p, 3, "restapi.listen", "missing required key 'listen'");
    }

    @Test
    void missingRestApiConnectAddress() {
        Problem p = singleError(load(MINIMAL.replace("  connect_address: 10.0.0.1:8008\n", "")));

        assertError(p, 3, "restapi.connect_address", "missing required key 'connect_address'");
    }

    @Test
    void missingPostgresqlListenConnectAddressAndDataDir() {
        LoadResult result = load(MINIMAL.replace("  listen: 0.0.0.0:5432\n", "")
                .replace("  connect_address: 10.0.0.1:5432\n", "").replace("  data_dir: /var/lib/postgresql/data\n", ""));

        assertThat(result.errors()).hasSize(3);
        assertError(result.errors().get(0), 8, "postgresql.listen", "missing required key 'listen'");
        assertError(result.errors().get(1), 8, "postgresql.connect_address", "missing required key 'connect_address'");
        assertError(result.errors().get(2), 8, "postgresql.data_dir", "missing required key 'data_dir'",
                "absolute path");
    }

    @Test
    void missingSuperuserSection() {
        String yaml = MINIMAL.replace("    superuser:\n      username: postgres\n      password: secret\n", "");

        Problem p = singleError(load(yaml));

        assertError(p, 12, "postgresql.authentication.superuser", "missing required key 'superuser'");
    }

    @Test
    void superuserWithoutPasswordIsAWarning() {
        Problem p = singleWarning(load(MINIMAL.replace("      password: secret\n", "")));

        assertWarning(p, 13, "postgresql.authentication.superuser.password", "no superuser password");
    }

    @Test
    void replicationUserNeedsAPassword() {
        Problem p = singleError(load(MINIMAL.replace("      password: rep\n", "")));

        assertError(p, 16, "postgresql.authentication.replication.password", "missing required key 'password'");
    }

    @Test
    void replicationUserNeedsAUsername() {
        Problem p = singleError(load(MINIMAL.replace("      username: replicator\n", "")));

        assertError(p, 16, "postgresql.authentication.replication.username", "missing required key 'username'");
    }

    @Test
    void missingAuthenticationSection() {
        String yaml = MINIMAL.substring(0, MINIMAL.indexOf("  authentication:"));

        Problem p = singleError(load(yaml));

        assertError(p, 8, "postgresql.authentication", "missing required section 'authentication'");
    }

    @Test
    void dataDirMustBeAbsolute() {
        Problem p = singleError(load(MINIMAL.replace("/var/lib/postgresql/data", "data/postgresql0")));

        assertError(p, 11, "postgresql.data_dir", "must be an absolute path, found 'data/postgresql0'");
    }

    @Test
    void reservedNameIsRefused() {
        Problem p = singleError(load(MINIMAL.replace("name: node1",
                "name: " + ConfigBinder.SYNC_PLACEHOLDER)));

        assertError(p, 1, "name", "is reserved");
    }

    @Test
    void nameWithSlashIsRefused() {
        Problem p = singleError(load(MINIMAL.replace("name: node1", "name: a/b")));

        assertError(p, 1, "name", "must not contain '/'");
    }

    @Test
    void nullValueOfARequiredKeyCountsAsMissing() {
        Problem p = singleError(load(MINIMAL.replace("scope: demo", "scope:")));

        assertError(p, 2, "scope", "missing required key 'scope'");
    }

    @Test
    void connectAddressMustNotBeAWildcard() {
        Problem p = singleError(load(MINIMAL.replace("connect_address: 10.0.0.1:5432", "connect_address: 0.0.0.0:5432")));

        assertError(p, 10, "postgresql.connect_address", "'0.0.0.0:5432' is a wildcard listen address");
    }
}
