package io.pgward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackupListRenderTest {

    @Test
    void eachBackupIsARowAndEachStanzaItsStatus() throws Exception {
        String info = """
                [{"name":"main","status":{"code":0,"message":"ok"},
                  "archive":[{"id":"16-1","min":"000000010000000000000001","max":"000000020000000000000007"}],"backup":[{"label":"20250101-000000F","type":"full",
                  "timestamp":{"start":1735689600,"stop":1735689660},"info":{"size":31457280,"repository":{"delta":4194304}},
                  "archive":{"start":"000000010000000000000003","stop":"000000010000000000000003"}}]}]
                """;

        String table = BackupListCommand.render(new ObjectMapper().readTree(info));

        assertThat(table).contains("| main ", "20250101-000000F", "| full ", "2025-01-01T00:00:00Z", "2025-01-01T00:01:00Z",
                "30.0 MiB", "4.0 MiB", "000000010000000000000003 .. 000000010000000000000003", "stanza main: ok",
                "  archive 16-1: WAL 000000010000000000000001 .. 000000020000000000000007");
    }

    @Test
    void aRepositoryThatCannotBeReadIsNamedWithPgBackRestsErrorAndWhatToCheck() throws Exception {
        String info = """
                [{"archive":[],"backup":[],"cipher":"none","db":[],"name":"it","repo":[{"cipher":"none","key":1,
                  "status":{"code":99,"message":"[HostConnectError] unable to connect to '10.0.0.2:8432': [111] Connection refused"}}],
                  "status":{"code":99,"lock":{"backup":{"held":false}},"message":"other"}}]
                """;

        String table = BackupListCommand.render(new ObjectMapper().readTree(info));

        assertThat(table).contains("stanza it: other\n  repo1: [HostConnectError] unable to connect to '10.0.0.2:8432'")
                .contains("runs 'pgbackrest server' and is reachable on its port");
    }

    @Test
    void aRepositoryInfoCannotReadIsNamedWithPgBackRestsErrorAndWhatToCheck() throws Exception {
        String info = """
                [{"archive":[],"backup":[],"cipher":"none","db":[],"name":"main","repo":[{"cipher":"none","key":1,
                  "status":{"code":99,"message":"[CryptoError] unable to verify certificate presented by 'localhost:4590':
                 [18] self-signed certificate"}}],"status":{"code":99,"lock":{"backup":{"held":false}},"message":"other"}}]
                """.replace("\n", "");

        String table = BackupListCommand.render(new ObjectMapper().readTree(info));

        assertThat(table).contains("stanza main: other\n  repo1: [CryptoError] unable to verify certificate presented by"
                + " 'localhost:4590': [18] self-signed certificate; the repository's TLS certificate does not verify:"
                + " check that the repository's ca is the CA");
    }
}
