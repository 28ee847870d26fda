package io.pgward.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * JDK HTTP clients (HTTP/1.1) for one purpose, each built on first use: one for http URLs, one for https.
 * <p>
 * A JDK client built without a TLS context sets up the JDK's default one, which reads and parses the whole default
 * trust store (some 150 certificates: about 3 MiB of an idle agent's memory), even if it only ever speaks plain
 * http. The http client here gets a context that trusts nothing and is never used; the https client gets
 * {@code tls}, or the default context when {@code tls} is null, so https URLs are trusted as before.
 */
public final class HttpClientByScheme {

    private final Duration connectTimeout;
    private final SSLContext tls;
    private HttpClient plain;
    private HttpClient secure;

    /** @param tls context for https URLs; null: the JDK's default trust, no client certificate */
    public HttpClientByScheme(Duration connectTimeout, SSLContext tls) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    public synchronized HttpClient forUri(URI uri) {
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            if (secure == null) {
                secure = build(tls);
            }
            return secure;
        }
        if (plain == null) {
            plain = build(trustingNothing());
        }
        return plain;
    }

    private HttpClient build(SSLContext context) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
        if (context != null) {
            b.sslContext(context);
        }
        return b.build();
    }

    private static SSLContext trustingNothing() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[0], null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context: " + e.getMessage(), e);
        }
    }
}
