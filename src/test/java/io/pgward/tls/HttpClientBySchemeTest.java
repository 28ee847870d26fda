package io.pgward.tls;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientBySchemeTest {

    private static final URI HTTP = URI.create("http://127.0.0.1:2379/v3/kv/range");
    private static final URI HTTPS = URI.create("https://127.0.0.1:2379/v3/kv/range");

    @Test
    void plainHttpDoesNotSetUpTheJdksDefaultTlsContext() throws Exception {
        HttpClient plain = new HttpClientByScheme(Duration.ofSeconds(1), null).forUri(HTTP);

        assertThat(plain.sslContext()).isNotSameAs(SSLContext.getDefault());
    }

    @Test
    void httpsWithoutAConfiguredContextTrustsAsTheJdkDefault() throws Exception {
        HttpClient secure = new HttpClientByScheme(Duration.ofSeconds(1), null).forUri(HTTPS);

        assertThat(secure.sslContext()).isSameAs(SSLContext.getDefault());
    }

    @Test
    void httpsUsesTheConfiguredContext() throws Exception {
        SSLContext configured = SSLContext.getInstance("TLS");
        configured.init(null, null, null);

        assertThat(new HttpClientByScheme(Duration.ofSeconds(1), configured).forUri(HTTPS).sslContext())
                .isSameAs(configured);
    }

    @Test
    void eachSchemeKeepsOneClientWithTheGivenConnectTimeout() {
        HttpClientByScheme clients = new HttpClientByScheme(Duration.ofMillis(700), null);

        HttpClient plain = clients.forUri(HTTP);
        assertThat(clients.forUri(URI.create("http://10.0.0.2:8008/patroni"))).isSameAs(plain);
        assertThat(clients.forUri(HTTPS)).isNotSameAs(plain);
        assertThat(plain.connectTimeout()).contains(Duration.ofMillis(700));
        assertThat(plain.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
}
