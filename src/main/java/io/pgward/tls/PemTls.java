package io.pgward.tls;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TLS from PEM files as Patroni takes them: {@code certfile}, {@code keyfile} (or the key inside certfile), {@code cafile}. */
public final class PemTls {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {}

    /** Server context with this node's certificate; trusts {@code cafile} for client certificates when given. */
    public static SSLContext server(String certfile, String keyfile, String cafile) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(certfile, keyfile), cafile == null ? null : trustManagers(cafile), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot set up TLS for the REST API from " + certfile
                    + (keyfile == null ? "" : " and " + keyfile) + ": " + e.getMessage(), e);
        }
    }

    /** Client context that trusts the certificates in {@code cafile} (for calling peers' https API). */
    public static SSLContext client(String cafile) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(cafile), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot read CA file " + cafile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Client context for a server such as etcd: trusts {@code cafile} (the JDK's CAs when null) and presents the
     * client certificate {@code certfile} with {@code keyfile} when given. {@code what} names the use in errors.
     */
    public static SSLContext client(String what, String cafile, String certfile, String keyfile) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(certfile == null ? null : keyManagers(certfile, keyfile),
                    cafile == null ? null : trustManagers(cafile), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot set up TLS for " + what + " (cacert " + cafile
                    + ", cert " + certfile + ", key " + keyfile + "): " + e.getMessage(), e);
        }
    }

    /** A client context that trusts servers as {@code trust} decides, with an optional client certificate. */
    public static SSLContext client(String what, javax.net.ssl.TrustManager trust, String certfile, String keyfile) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(certfile == null ? null : keyManagers(certfile, keyfile), new javax.net.ssl.TrustManager[]{trust},
                    null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot set up TLS for " + what + " from " + certfile + ": "
                    + e.getMessage(), e);
        }
    }

    static javax.net.ssl.KeyManager[] keyManagers(String certfile, String keyfile)
            throws GeneralSecurityException, IOException {
        List<Certificate> chain = certificates(Path.of(certfile));
        if (chain.isEmpty()) {
            throw invalid(certfile, "no CERTIFICATE block found");
        }
        PrivateKey key = privateKey(Path.of(keyfile != null ? keyfile : certfile));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("pgward", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, NO_PASSWORD);
        return kmf.getKeyManagers();
    }

    static javax.net.ssl.TrustManager[] trustManagers(String cafile) throws GeneralSecurityException, IOException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        for (Certificate c : certificates(Path.of(cafile))) {
            ts.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(file));
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                out.add(cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher m = BLOCK.matcher(Files.readString(file));
        while (m.find()) {
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return pkcs8(decode(m.group(2)));
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaToPkcs8(decode(m.group(2)))));
                case "ENCRYPTED PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw invalid(file.toString(), m.group(1) + " is not supported: convert it with"
                            + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'");
                default:
                    break;
            }
        }
        throw invalid(file.toString(), "no PRIVATE KEY block found (give restapi.keyfile)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, OCTET STRING). */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] octet = der(0x04, pkcs1);
        byte[] version = {0x02, 0x01, 0x00};
        byte[] body = new byte[version.length + algorithm.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octet, 0, body, version.length + algorithm.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 128 ? new byte[] {(byte) n}
                : n < 256 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 65536 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }

    private static PgwardException invalid(String file, String why) {
        return new PgwardException(Code.CONFIG_INVALID, file + ": " + why);
    }
}
