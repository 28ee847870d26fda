package io.pgward.tls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Private keys as operators have them (made by openssl here): encrypted PKCS#8, SEC1 EC, legacy encrypted RSA. */
class PrivateKeyFormatsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=rsa",
                "-keyout", path("rsa.pem"), "-out", path("rsa-cert.pem"));
        openssl("pkcs8", "-topk8", "-v2", "aes256", "-in", path("rsa.pem"), "-passout", "pass:s3cret",
                "-out", path("encrypted.pem"));
        openssl("rsa", "-in", path("rsa.pem"), "-aes256", "-traditional", "-passout", "pass:s3cret",
                "-out", path("legacy.pem"));
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("sec1.pem"));
        openssl("req", "-x509", "-new", "-key", path("sec1.pem"), "-days", "2", "-subj", "/CN=ec",
                "-out", path("ec-cert.pem"));
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    /** The key signs what the certificate's public key verifies: it is the certificate's key. */
    private static boolean matches(PrivateKey key, String certfile, String algorithm) throws Exception {
        X509Certificate cert = (X509Certificate) PemTls.certificates(Path.of(path(certfile))).get(0);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }

    @Test
    void anEncryptedPkcs8KeyIsDecryptedWithKeyfilePassword() throws Exception {
        PrivateKey key = PemTls.privateKey(Path.of(path("encrypted.pem")), "s3cret");
        assertThat(matches(key, "rsa-cert.pem", "SHA256withRSA")).isTrue();
    }

    @Test
    void aWrongOrMissingPasswordNamesTheFileAndTheSetting() {
        assertThatThrownBy(() -> PemTls.privateKey(Path.of(path("encrypted.pem")), "wrong"))
                .hasMessageContaining("encrypted.pem").hasMessageContaining("wrong keyfile_password");
        assertThatThrownBy(() -> PemTls.privateKey(Path.of(path("encrypted.pem")), null))
                .hasMessageContaining("encrypted.pem").hasMessageContaining("give its password in keyfile_password");
    }

    @Test
    void aSec1EcKeyIsRead() throws Exception {
        PrivateKey key = PemTls.privateKey(Path.of(path("sec1.pem")), null);
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(matches(key, "ec-cert.pem", "SHA256withECDSA")).isTrue();
    }

    @Test
    void aLegacyEncryptedKeyIsRefusedWithTheConversionCommand() {
        assertThatThrownBy(() -> PemTls.privateKey(Path.of(path("legacy.pem")), "s3cret"))
                .hasMessageContaining("legacy format").hasMessageContaining("openssl pkcs8 -topk8 -v2 aes256");
    }

    @Test
    void aServerContextIsBuiltFromAnEncryptedKey() {
        var tls = new ReloadableServerTls(path("rsa-cert.pem"), path("encrypted.pem"), "s3cret", null);
        assertThat(tls.context().getProtocol()).isEqualTo("TLS");
    }
}
