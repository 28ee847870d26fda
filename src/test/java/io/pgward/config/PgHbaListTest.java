package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.singleWarning;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** pg_hba and pg_ident lists in the file: shape, and every line checked with its own line number. */
class PgHbaListTest {

    @Test
    void badLineIsReportedAtItsOwnLineWithItsIndex() {
        LoadResult result = with("""
                  pg_hba:
                  - local all all peer
                  - host all all 127.0.0.1/32 trust
                  - host all all 10.0.0.0/33 md5
                  - host all all 10.0.0.0/8 trsut
                """);

        assertThat(result.errors()).hasSize(2);
        assertError(result.errors().get(0), 22, "postgresql.pg_hba[2]",
                "malformed address '10.0.0.0/33' (the prefix length must be 0..32) in 'host all all 10.0.0.0/33 md5'");
        assertError(result.errors().get(1), 23, "postgresql.pg_hba[3]");
        assertThat(result.errors().get(1).format()).isEqualTo("node1.yml:23: error: postgresql.pg_hba[3]: unknown "
                + "authentication method 'trsut' (did you mean 'trust'?) in 'host all all 10.0.0.0/8 trsut'");
    }

    @Test
    void pgHbaGivenAsAMappingIsRefused() {
        Problem p = singleError(with("  pg_hba:\n    host: all all 10.0.0.0/8 md5\n"));

        assertError(p, 19, "postgresql.pg_hba", "pg_hba must be a list of lines, one string per line", "found a mapping");
    }

    @Test
    void pgHbaGivenAsOneStringIsRefused() {
        Problem p = singleError(with("  pg_hba: host all all 10.0.0.0/8 md5\n"));

        assertError(p, 19, "postgresql.pg_hba", "must be a list of lines", "found a string");
    }

    @Test
    void listItemThatYamlReadAsAMapping() {
        Problem p = singleError(with("  pg_hba:\n  - host all all: 10.0.0.0/8 md5\n"));

        assertError(p, 20, "postgresql.pg_hba[0]", "expected a pg_hba line (a string), found a mapping",
                "quote the line");
    }

    @Test
    void trustFromTheNetworkIsWarned() {
        Problem p = singleWarning(with("  pg_hba:\n  - host all all 0.0.0.0/0 trust\n"));

        assertWarning(p, 20, "postgresql.pg_hba[0]", "'host all all 0.0.0.0/0 trust' allows anyone who can reach "
                + "0.0.0.0/0 to log in as any user without a password");
    }

    @Test
    void trustForOneUserNamesTheUser() {
        Problem p = singleWarning(with("  pg_hba:\n  - host replication replicator 10.0.0.0/8 trust\n"));

        assertThat(p.message()).contains("10.0.0.0/8 to log in as user replicator without a password");
    }

    @Test
    void dynamicPgHbaIsCheckedToo() {
        Problem p = singleError(with("bootstrap:\n  dcs:\n    postgresql:\n      pg_hba:\n      - hostssl all all 0.0.0.0/0 peer\n"));

        assertError(p, 23, "bootstrap.dcs.postgresql.pg_hba[0]", "peer authentication is only supported on local sockets");
    }

    @Test
    void pgIdentLinesAreChecked() {
        Problem p = singleError(with("  pg_ident:\n  - mymap alice\n"));

        assertError(p, 20, "postgresql.pg_ident[0]", "expected 3 fields", "in 'mymap alice'");
    }

    @Test
    void pgIdentGivenAsAMapping() {
        Problem p = singleError(with("  pg_ident:\n    mymap: alice bob\n"));

        assertError(p, 19, "postgresql.pg_ident", "pg_ident must be a list of lines");
    }

    @Test
    void emptyListMeansAnEmptyFile() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL + "  pg_hba: []\n");

        assertThat(c.postgresql().pgHba()).isEmpty();
    }
}
