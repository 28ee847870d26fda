package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:5432|127.0.0.1|5432|127.0.0.1:5432",
        "db.example.com:8008|db.example.com|8008|db.example.com:8008",
        "[::1]:5432|::1|5432|[::1]:5432",
        "[fe80::1%eth0]:2379|fe80::1%eth0|2379|[fe80::1%eth0]:2379",
        "fe80::1:5432|fe80::1|5432|[fe80::1]:5432",
        " host:1 |host|1|host:1",
        "h:65535|h|65535|h:65535",
    })
    void parsesAndPrints(String text, String host, int port, String printed) {
        HostPort hp = HostPort.parse(text);

        assertThat(hp.host()).isEqualTo(host);
        assertThat(hp.port()).isEqualTo(port);
        assertThat(hp.toString()).isEqualTo(printed);
        assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost|expected host:port, found 'localhost' (no port)",
        ":5432|expected host:port, found ':5432' (no host)",
        "h:0|port 0 in 'h:0' is out of range 1..65535",
        "h:65536|port 65536 in 'h:65536' is out of range 1..65535",
        "h:abc|'abc' is not a port number",
        "h:|'' is not a port number",
        "[::1|missing ']' in '[::1'",
        "[::1]5432|expected host:port, found '[::1]5432'",
    })
    void refusesWithAClearMessage(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"etcd1|etcd1:2379", "etcd1:2380|etcd1:2380", "[::1]|[::1]:2379"})
    void defaultPort(String text, String expected) {
        assertThat(HostPort.parse(text, 2379)).hasToString(expected);
    }
}
