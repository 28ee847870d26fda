package io.pgward.cli;

import io.pgward.config.CtlConfig;
import io.pgward.tls.PemTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.X509Certificate;

/** The TLS the CLI uses towards the members' REST API, from Patroni's {@code ctl} section. */
final class CtlTls {

    private CtlTls() {}

    /** Null when the JDK's defaults do (no CA file, no client certificate, not insecure). */
    static SSLContext context(CtlConfig ctl) {
        if (ctl == null || (!ctl.insecure() && ctl.cacert() == null && ctl.certfile() == null)) {
            return null;
        }
        if (ctl.insecure()) {
            return trustingAnyone(ctl);
        }
        return PemTls.client("the REST API (ctl)", ctl.cacert(), ctl.certfile(), ctl.keyfile(), ctl.keyfilePassword());
    }

    /** ctl.insecure: any server certificate is accepted (patronictl's meaning); a client certificate still works. */
    private static SSLContext trustingAnyone(CtlConfig ctl) {
        // An extended trust manager: JSSE checks the host name inside it, so a no-op one skips that check too
        // (a plain X509TrustManager would be wrapped in one that still checks it).
        TrustManager any = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // a client never checks clients
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // ctl.insecure: the operator chose not to verify the members' certificates
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                checkServerTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        return PemTls.client("the REST API (ctl)", any, ctl.certfile(), ctl.keyfile(), ctl.keyfilePassword());
    }
}
