package io.pgward.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * s3rver (an S3-compatible server from npm, installed by {@code scripts/setup.sh --with-test-tools}) on loopback over
 * HTTPS, with one bucket. Its certificate (for the name localhost) is signed by a CA made here, which the clients
 * are given to verify it. s3rver accepts one access key, S3RVER with the secret S3RVER. Stopped by its PID.
 */
final class S3rver implements AutoCloseable {

    static final Path BINARY = Path.of("/opt/pgward-s3rver/node_modules/.bin/s3rver");
    static final String KEY = "S3RVER";
    static final String SECRET = "S3RVER";
    static final String HOST = "localhost";

    final int port;
    final Path ca;
    final String bucket;
    private final Proc proc;

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static S3rver start(Path dir, String bucket) throws Exception {
        Path data = Files.createDirectories(dir.resolve("s3rver-data"));
        Path ca = dir.resolve("s3-ca.pem");
        Path caKey = dir.resolve("s3-ca.key");
        Path cert = dir.resolve("s3-server.pem");
        Path key = dir.resolve("s3-server.key");
        openssl(List.of("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=pgward test S3 CA",
                "-keyout", caKey.toString(), "-out", ca.toString()));
        Path csr = dir.resolve("s3-server.csr");
        openssl(List.of("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + HOST,
                "-keyout", key.toString(), "-out", csr.toString()));
        Path ext = dir.resolve("s3-server.ext");
        Files.writeString(ext, "subjectAltName=DNS:" + HOST + "\nextendedKeyUsage=serverAuth\n");
        openssl(List.of("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString()));
        int port = FreePorts.pick();
        Path log = dir.resolve("s3rver.out");
        Proc proc = Proc.start("s3rver", List.of(BINARY.toString(), "-d", data.toString(), "-a", "127.0.0.1",
                "-p", String.valueOf(port), "--key", key.toString(), "--cert", cert.toString(),
                "--configure-bucket", bucket), log);
        S3rver server = new S3rver(proc, port, ca, bucket);
        await("s3rver listening on " + port).atMost(TestTime.seconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(proc.alive()).as("s3rver is running (see " + log + ")").isTrue();
                    return Files.readString(log).contains("listening");
                });
        return server;
    }

    private S3rver(Proc proc, int port, Path ca, String bucket) {
        this.proc = proc;
        this.port = port;
        this.ca = ca;
        this.bucket = bucket;
    }

    /** host:port for a repository's endpoint. */
    String endpoint() {
        return HOST + ":" + port;
    }

    private static void openssl(List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(args);
        Cli.Result r = Cli.exec(cmd, null);
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Override
    public void close() {
        proc.close();
    }
}
