package io.pgward.it;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A self-signed certificate for 127.0.0.1 (server and client use), made by openssl; it is its own CA. */
record LoopbackCert(Path cert, Path key) {

    static LoopbackCert make(Path dir, String name) throws Exception {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-addext", "extendedKeyUsage=serverAuth,clientAuth", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return new LoopbackCert(cert, key);
    }
}
