package io.pgward.it;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A self-signed certificate for 127.0.0.1 (server and client use), made by openssl; it is its own CA and can sign
 * certificates for other names and addresses ({@link #sign}).
 */
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

    /**
     * A certificate with common name {@code cn} for {@code address} (as a DNS and an IP subject alternative name: some
     * clients, pgBackRest 2.45 among them, match only the DNS kind), for server and client use, signed by this one.
     */
    LoopbackCert sign(Path dir, String name, String cn, String address) throws Exception {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        java.nio.file.Files.writeString(ext, "subjectAltName=DNS:" + address + ",IP:" + address
                + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + cn, "-keyout", key.toString(), "-out",
                csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", cert().toString(), "-CAkey", key().toString(),
                "-set_serial", Long.toString(System.nanoTime()), "-days", "2", "-extfile", ext.toString(),
                "-out", cert.toString());
        return new LoopbackCert(cert, key);
    }

    private static void openssl(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("openssl"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
