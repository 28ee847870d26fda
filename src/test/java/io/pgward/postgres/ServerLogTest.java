package io.pgward.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL's server log next to the data directory: private from the first byte, and kept to a size. */
class ServerLogTest {

    @TempDir
    Path dir;

    private ServerLog serverLog(long maxBytes, int keep) {
        return new ServerLog(Postmaster.serverLogFile(dir.resolve("data")), new OsUser("postgres", "postgres", false),
                maxBytes, keep);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theServerLogIsCreated0600BeforePostgresWritesIt() throws IOException {
        ServerLog log = serverLog(1000, 2);
        log.prepareForStart();

        assertThat(log.file()).isEqualTo(dir.resolve("data.postgres.log"));
        assertThat(Files.size(log.file())).isZero();
        assertThat(mode(log.file())).isEqualTo("rw-------");
    }

    @Test
    void aWorldReadableServerLogLeftByAnOlderVersionIsNarrowedBeforeMoreIsWritten() throws IOException {
        ServerLog log = serverLog(1000, 2);
        Files.writeString(log.file(), "old\n");
        Files.setPosixFilePermissions(log.file(), PosixFilePermissions.fromString("rw-r--r--"));
        log.prepareForStart();

        assertThat(mode(log.file())).isEqualTo("rw-------");
        assertThat(Files.readString(log.file())).isEqualTo("old\n");
    }

    @Test
    void anOversizedServerLogIsMovedAsideAtStartKeepingFileNumCopies() throws IOException {
        ServerLog log = serverLog(10, 2);
        for (String run : new String[] {"first run\n", "second run\n", "third run\n"}) {
            log.prepareForStart();
            Files.writeString(log.file(), run, java.nio.file.StandardOpenOption.APPEND);
        }
        log.prepareForStart();

        assertThat(Files.readString(log.file())).isEmpty();
        assertThat(Files.readString(dir.resolve("data.postgres.log.1"))).isEqualTo("third run\n");
        assertThat(Files.readString(dir.resolve("data.postgres.log.2"))).isEqualTo("second run\n");
        assertThat(dir.resolve("data.postgres.log.3")).doesNotExist();
    }

    @Test
    void aRunningServersLogIsCopiedAndTruncatedSoItsOpenFileGoesOnAtTheStart() throws IOException {
        ServerLog log = serverLog(20, 3);
        log.prepareForStart();
        try (FileOutputStream postgres = new FileOutputStream(log.file().toFile(), true)) {
            postgres.write("LOG:  database system is ready\n".getBytes(StandardCharsets.UTF_8));
            assertThat(log.rotateIfOver()).isTrue();
            postgres.write("LOG:  checkpoint\n".getBytes(StandardCharsets.UTF_8));
            assertThat(log.rotateIfOver()).as("under the limit").isFalse();
        }

        assertThat(Files.readString(log.file())).isEqualTo("LOG:  checkpoint\n");
        Path copy = dir.resolve("data.postgres.log.1");
        assertThat(Files.readString(copy)).isEqualTo("LOG:  database system is ready\n");
        assertThat(mode(copy)).isEqualTo("rw-------");
    }

    @Test
    void fileSizeZeroNeverRotates() throws IOException {
        ServerLog log = serverLog(0, 4);
        log.prepareForStart();
        Files.writeString(log.file(), "x".repeat(100));

        assertThat(log.rotateIfOver()).isFalse();
        log.prepareForStart();
        assertThat(Files.size(log.file())).isEqualTo(100);
    }
}
