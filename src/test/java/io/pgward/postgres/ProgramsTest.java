package io.pgward.postgres;

import io.pgward.PgwardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No PostgreSQL major version is assumed: bin_dir, else PATH; `pgward up` takes the newest installed. */
class ProgramsTest {

    @TempDir
    Path root;

    private Path bin(String major) throws Exception {
        Path bin = Files.createDirectories(root.resolve(major).resolve("bin"));
        for (String program : Programs.REQUIRED) {
            Path p = Files.writeString(bin.resolve(program), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void theConfiguredDirectoryWins() {
        assertThat(Programs.directory(Path.of("/opt/pg/bin"), "/usr/bin")).isEqualTo(Path.of("/opt/pg/bin"));
    }

    @Test
    void withoutBinDirTheProgramsComeFromPath() throws Exception {
        Path bin = bin("18");
        assertThat(Programs.directory(null, "/nonexistent:" + bin)).isEqualTo(bin);
    }

    @Test
    void withoutBinDirOrProgramsOnPathTheErrorNamesWhatIsMissing() {
        assertThatThrownBy(() -> Programs.directory(null, "/nonexistent"))
                .isInstanceOf(PgwardException.class)
                .hasMessageContaining("postgresql.bin_dir is not set")
                .hasMessageContaining("holds postgres, pg_ctl, initdb");
    }

    @Test
    void theNewestInstalledMajorIsFound() throws Exception {
        bin("15");
        Path newest = bin("18");
        Files.createDirectories(root.resolve("17").resolve("bin"));    // a client-only install: no server programs
        assertThat(Programs.newestInstalled(root)).hasValue(newest);
    }

    @Test
    void whichFindsTheFirstExecutableOfThatNameOnPath() throws Exception {
        Path first = bin("15");
        Path second = bin("18");
        Path notExecutable = Files.writeString(Files.createDirectories(root.resolve("plain")).resolve("pg_ctl"), "");
        assertThat(Programs.which("pg_ctl", notExecutable.getParent() + ":" + first + ":" + second))
                .hasValue(first.resolve("pg_ctl"));
        assertThat(Programs.which("curl", first.toString())).isEmpty();
        assertThat(Programs.which("curl", null)).isEmpty();
    }
}
