package io.pgward.tls;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
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
            ctx.init(keyManagers(certfile, keyfile, null), cafile == null ? null : trustManagers(cafile), null);
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
        return client(what, cafile, certfile, keyfile, null);
    }

    /** As {@link #client(String, String, String, String)}, the key encrypted with {@code keyPassword} when not null. */
    public static SSLContext client(String what, String cafile, String certfile, String keyfile, String keyPassword) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(certfile == null ? null : keyManagers(certfile, keyfile, keyPassword),
                    cafile == null ? null : trustManagers(cafile), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot set up TLS for " + what + " (cacert " + cafile
                    + ", cert " + certfile + ", key " + keyfile + "): " + e.getMessage(), e);
        }
    }

    /** A client context that trusts servers as {@code trust} decides, with an optional client certificate. */
    public static SSLContext client(String what, javax.net.ssl.TrustManager trust, String certfile, String keyfile,
                                    String keyPassword) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(certfile == null ? null : keyManagers(certfile, keyfile, keyPassword),
                    new javax.net.ssl.TrustManager[]{trust},
                    null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PgwardException(Code.CONFIG_INVALID, "cannot set up TLS for " + what + " from " + certfile + ": "
                    + e.getMessage(), e);
        }
    }

    static javax.net.ssl.KeyManager[] keyManagers(String certfile, String keyfile, String keyPassword)
            throws GeneralSecurityException, IOException {
        List<Certificate> chain = certificates(Path.of(certfile));
        if (chain.isEmpty()) {
            throw invalid(certfile, "no CERTIFICATE block found");
        }
        PrivateKey key = privateKey(Path.of(keyfile != null ? keyfile : certfile), keyPassword);
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

    /**
     * The first private key in {@code file}: PKCS#8 ("PRIVATE KEY"), PKCS#8 encrypted with {@code password}
     * ("ENCRYPTED PRIVATE KEY", as {@code openssl pkcs8 -topk8 -v2 aes256} writes it), PKCS#1 RSA or SEC1 EC.
     */
    static PrivateKey privateKey(Path file, String password) throws IOException, GeneralSecurityException {
        String text = Files.readString(file);
        if (text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw invalid(file.toString(), "a key encrypted in OpenSSL's legacy format is not supported: convert it"
                    + " with 'openssl pkcs8 -topk8 -v2 aes256 -in " + file + " -out key.pem' (keyfile_password then"
                    + " decrypts it)");
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return pkcs8(decode(m.group(2)));
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Der.rsaToPkcs8(decode(m.group(2)))));
                case "EC PRIVATE KEY":
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Der.ecToPkcs8(decode(m.group(2)))));
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw invalid(file.toString(), "the private key is encrypted: give its password in"
                                + " keyfile_password");
                    }
                    return pkcs8(decrypt(file, decode(m.group(2)), password));
                default:
                    break;
            }
        }
        throw invalid(file.toString(), "no PRIVATE KEY block found (give restapi.keyfile)");
    }

    private static byte[] decrypt(Path file, byte[] der, String password) throws IOException, GeneralSecurityException {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        AlgorithmParameters params = info.getAlgParameters();
        // PBES2's parameters name the real scheme, e.g. PBEWithHmacSHA256AndAES_256
        String algorithm = params == null ? info.getAlgName() : params.toString();
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())), params);
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.InvalidKeyException
                 | java.security.spec.InvalidKeySpecException e) {
            throw invalid(file.toString(), "cannot decrypt the private key: wrong keyfile_password?");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw invalid(file.toString(), "the private key is encrypted with " + algorithm + ", which this Java"
                    + " cannot decrypt: re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes256'");
        }
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

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }

    private static PgwardException invalid(String file, String why) {
        return new PgwardException(Code.CONFIG_INVALID, file + ": " + why);
    }
}
