package io.pgward.tls;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A server TLS context whose certificate, key and client CA can be replaced while it serves: a reload (SIGHUP)
 * after a certificate was renewed takes effect for every new connection, without restarting the agent (and so
 * without touching the REST port a load balancer polls). The context stays the same object; what it delegates to
 * is swapped whole. A handshake that chose its certificate just before a swap still gets that certificate's key:
 * the alias it chose names the generation of files it came from.
 */
public final class ReloadableServerTls {

    private record Material(int generation, X509ExtendedKeyManager keys, X509ExtendedTrustManager trust) {}

    private volatile Material material;
    private volatile Material previous;
    private final SSLContext context;

    public ReloadableServerTls(String certfile, String keyfile, String keyPassword, String cafile) {
        this.material = load(0, certfile, keyfile, keyPassword, cafile);
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new Keys()}, new TrustManager[] {new Trust()}, null);
        } catch (GeneralSecurityException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot set up TLS for the REST API: " + e.getMessage(), e);
        }
    }

    public SSLContext context() {
        return context;
    }

    /** Reads the files again; on any problem the files in use stay and the exception says what is wrong. */
    public synchronized void reload(String certfile, String keyfile, String keyPassword, String cafile) {
        Material fresh = load(material.generation() + 1, certfile, keyfile, keyPassword, cafile);
        previous = material;
        material = fresh;
    }

    private static Material load(int generation, String certfile, String keyfile, String keyPassword, String cafile) {
        try {
            X509ExtendedKeyManager keys = first(PemTls.keyManagers(certfile, keyfile, keyPassword),
                    X509ExtendedKeyManager.class);
            TrustManager[] trust;
            if (cafile != null) {
                trust = PemTls.trustManagers(cafile);
            } else {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                trust = tmf.getTrustManagers();
            }
            return new Material(generation, keys, first(trust, X509ExtendedTrustManager.class));
        } catch (GeneralSecurityException | IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot set up TLS for the REST API from " + certfile
                    + (keyfile == null ? "" : " and " + keyfile) + (cafile == null ? "" : " with CA " + cafile) + ": "
                    + e.getMessage(), e);
        }
    }

    private static <T> T first(Object[] managers, Class<T> type) throws GeneralSecurityException {
        for (Object m : managers) {
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new GeneralSecurityException("the JDK offers no " + type.getSimpleName());
    }

    /** Server aliases are "generation:alias", so the chain and key are read from the files the alias came from. */
    private final class Keys extends X509ExtendedKeyManager {
        private String tagged(Material m, String alias) {
            return alias == null ? null : m.generation() + ":" + alias;
        }

        private Material of(String tagged) {
            Material m = material;
            Material p = previous;
            int colon = tagged == null ? -1 : tagged.indexOf(':');
            if (colon < 0) {
                return m;
            }
            String generation = tagged.substring(0, colon);
            return p != null && generation.equals(Integer.toString(p.generation())) ? p : m;
        }

        private String untagged(String tagged) {
            int colon = tagged == null ? -1 : tagged.indexOf(':');
            return colon < 0 ? tagged : tagged.substring(colon + 1);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            Material m = material;
            String[] aliases = m.keys().getServerAliases(keyType, issuers);
            if (aliases == null) {
                return null;
            }
            String[] result = new String[aliases.length];
            for (int i = 0; i < aliases.length; i++) {
                result[i] = tagged(m, aliases[i]);
            }
            return result;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            Material m = material;
            return tagged(m, m.keys().chooseServerAlias(keyType, issuers, socket));
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            Material m = material;
            return tagged(m, m.keys().chooseEngineServerAlias(keyType, issuers, engine));
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return of(alias).keys().getCertificateChain(untagged(alias));
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return of(alias).keys().getPrivateKey(untagged(alias));
        }
    }

    private final class Trust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            material.trust().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            material.trust().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            material.trust().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            material.trust().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            material.trust().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            material.trust().checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return material.trust().getAcceptedIssuers();
        }
    }
}
