package io.pgward.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every password a configuration holds stays out of its text form (which log lines and errors may print). */
class SecretsNeverPrintedTest {

    private static final List<String> SECRETS = List.of("Su-Pw-1", "Repl-Pw-2", "Rewind-Pw-3", "Ssl-Key-Pw-4",
            "Rest-Pw-5", "Rest-Key-Pw-6", "Ctl-Pw-7", "Ctl-Key-Pw-8", "Etcd-Pw-9");

    @Test
    void noPasswordAppearsInTheConfigurationsToString() {
        String yaml = """
                scope: demo
                name: n1
                restapi:
                  listen: 127.0.0.1:8008
                  connect_address: 127.0.0.1:8008
                  authentication: {username: admin, password: Rest-Pw-5}
                  certfile: /etc/pgward/rest.crt
                  keyfile: /etc/pgward/rest.key
                  keyfile_password: Rest-Key-Pw-6
                ctl:
                  authentication: {username: admin, password: Ctl-Pw-7}
                  certfile: /etc/pgward/ctl.crt
                  keyfile: /etc/pgward/ctl.key
                  keyfile_password: Ctl-Key-Pw-8
                etcd3: {hosts: 127.0.0.1:2379, username: pgward, password: Etcd-Pw-9}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: /tmp/x/data
                  authentication:
                    superuser: {username: postgres, password: Su-Pw-1, sslpassword: Ssl-Key-Pw-4}
                    replication: {username: repl, password: Repl-Pw-2}
                    rewind: {username: rewinder, password: Rewind-Pw-3}
                """;
        LoadResult result = ConfigLoader.loadString(yaml, "n1.yml", Map.of());
        assertThat(result.errors()).isEmpty();
        String text = result.config().toString() + result.warnings();
        assertThat(text).contains("n1");
        for (String secret : SECRETS) {
            assertThat(text).as(secret).doesNotContain(secret);
        }
    }
}
