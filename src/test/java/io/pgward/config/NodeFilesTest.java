package io.pgward.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static io.pgward.config.TestConfigs.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;

/** What lint and the agent find in a node's file that the agent would trip on at start. */
class NodeFilesTest {

    @TempDir
    Path dir;

    private LoadResult node(String yaml) throws Exception {
        Path file = dir.resolve("node1.yml");
        Files.writeString(file, yaml);
        return ConfigLoader.loadNode(file, Map.of("PATH", programs().toString()));
    }

    /** A directory with stand-ins for PostgreSQL's programs, as the PATH of a node without bin_dir. */
    private Path programs() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("path-bin"));
        for (String program : FileChecks.POSTGRES_PROGRAMS) {
            Path p = bin.resolve(program);
            if (!Files.exists(p)) {
                Files.writeString(p, "#!/bin/sh\n");
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return bin;
    }

    @Test
    void withoutBinDirThePostgresProgramsMustBeOnPath() throws Exception {
        Path file = dir.resolve("node1.yml");
        Files.writeString(file, MINIMAL.replace("listen: 0.0.0.0:8008", "listen: 127.0.0.1:8008"));
        LoadResult r = ConfigLoader.loadNode(file, Map.of("PATH", "/usr/bin:/bin"));
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("postgresql.bin_dir");
            assertThat(p.message()).contains("bin_dir is not set and no directory on PATH (/usr/bin:/bin) holds postgres");
        });
    }

    private static String restapiWith(String extra) {
        return MINIMAL.replace("  connect_address: 10.0.0.1:8008\n", "  connect_address: 10.0.0.1:8008\n" + extra);
    }

    @Test
    void anEmptyFileIsReportedAsEmpty() throws Exception {
        LoadResult r = node("");
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("the configuration is empty");
            assertThat(p.file()).endsWith("node1.yml");
        });
    }

    @Test
    void missingTlsFilesAreNamedWithTheirYamlPathAndLine() throws Exception {
        LoadResult r = node(restapiWith("  certfile: " + dir.resolve("missing.crt") + "\n  keyfile: " + dir + "\n"));
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0).path()).isEqualTo("restapi.certfile");
        assertThat(r.errors().get(0).line()).isEqualTo(6);
        assertThat(r.errors().get(0).message()).endsWith("missing.crt does not exist");
        assertThat(r.errors().get(1).message()).endsWith("is a directory, not a file");
    }

    @Test
    void anEncryptedEtcdClientKeyIsRefusedAtItsYamlPathSinceNeitherTheAgentNorTheFenceHasItsPassword() throws Exception {
        Path cert = Files.writeString(dir.resolve("etcd.crt"), "x");
        Path key = Files.writeString(dir.resolve("etcd.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path legacy = Files.writeString(dir.resolve("legacy.key"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        for (Path k : java.util.List.of(key, legacy)) {
            LoadResult r = node(MINIMAL.replace("  hosts: 10.0.0.5:2379\n", "  hosts: 10.0.0.5:2379\n  protocol: https\n"
                    + "  cert: " + cert + "\n  key: " + k + "\n"));
            assertThat(r.errors()).as(k.toString()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("etcd3.key");
                assertThat(p.message()).contains(k.toString()).contains("encrypted").contains("openssl pkcs8");
            });
        }
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
        assertThat(node(MINIMAL.replace("  hosts: 10.0.0.5:2379\n", "  hosts: 10.0.0.5:2379\n  protocol: https\n"
                + "  cert: " + cert + "\n  key: " + key + "\n")).errors()).isEmpty();
    }

    @Test
    void existingTlsFilesPass() throws Exception {
        Path cert = Files.writeString(dir.resolve("node.crt"), "x");
        Path key = Files.writeString(dir.resolve("node.key"), "x");
        assertThat(node(restapiWith("  certfile: " + cert + "\n  keyfile: " + key + "\n")).errors()).isEmpty();
    }

    @Test
    void etcdCertificatesAreCheckedToo() throws Exception {
        LoadResult r = node(MINIMAL.replace("  hosts: 10.0.0.5:2379\n", "  hosts: 10.0.0.5:2379\n  protocol: https\n"
                + "  cacert: /nonexistent/ca.pem\n"));
        assertThat(r.errors()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("etcd3.cacert"));
    }

    @Test
    void aBinDirWithoutPostgresProgramsIsAnError() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path initdb = Files.writeString(bin.resolve("initdb"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(initdb, PosixFilePermissions.fromString("rwxr-xr-x"));
        LoadResult r = node(MINIMAL + "  bin_dir: " + bin + "\n");
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("postgresql.bin_dir");
            assertThat(p.message()).contains("has no executable postgres, pg_ctl");
        });
    }

    @Test
    void aBinDirWithThePostgresProgramsPasses() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String program : FileChecks.POSTGRES_PROGRAMS) {
            Path p = Files.writeString(bin.resolve(program), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(node(MINIMAL + "  bin_dir: " + bin + "\n").errors()).isEmpty();
    }

    @Test
    void theCliDoesNotNeedTheNodesFiles() throws Exception {
        Path file = dir.resolve("node1.yml");
        Files.writeString(file, restapiWith("  certfile: /nonexistent/node.crt\n  keyfile: /nonexistent/node.key\n"));
        assertThat(ConfigLoader.load(file, Map.of()).errors()).isEmpty();
    }

    @Test
    void aNamespaceThatIsNotAStringIsAnError() throws Exception {
        LoadResult r = node(MINIMAL + "namespace: 5\n");
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("namespace");
            assertThat(p.message()).contains("expected a string").contains("namespace: \"5\"");
        });
    }

    @Test
    void anEtcdHostThatIsOnlyAPortIsAnError() throws Exception {
        LoadResult r = node(MINIMAL.replace("  hosts: 10.0.0.5:2379\n", "  hosts: 12379\n"));
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("etcd3.hosts");
            assertThat(p.message()).contains("only a port number '12379'");
        });
    }

    @Test
    void unsafeEndpointsOpenToAnyoneAreWarnedAbout() throws Exception {
        LoadResult r = node(MINIMAL);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("restapi.listen");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("accept requests from anyone who can reach 0.0.0.0:8008");
        });
    }

    @Test
    void authenticationAnAllowlistOrALoopbackListenCloseTheUnsafeEndpoints() throws Exception {
        assertThat(node(restapiWith("  authentication: {username: u, password: p}\n")).problems()).isEmpty();
        assertThat(node(restapiWith("  allowlist: [10.0.0.0/8]\n")).problems()).isEmpty();
        assertThat(node(MINIMAL.replace("listen: 0.0.0.0:8008", "listen: 127.0.0.1:8008")).problems()).isEmpty();
    }

    @Test
    void theCliIsNotToldAboutTheNodesExposure() throws Exception {
        Path file = dir.resolve("node1.yml");
        Files.writeString(file, MINIMAL);
        assertThat(ConfigLoader.load(file, Map.of()).problems()).isEmpty();
    }
}
