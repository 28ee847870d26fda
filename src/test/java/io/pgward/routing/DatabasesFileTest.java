package io.pgward.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasesFileTest {

    @Test
    void everyDatabaseLineGetsTheNewHostAndPortAndKeepsItsOtherSettings() {
        String before = """
                ; written by the operator
                [databases]
                appdb = host=10.0.0.1 port=5432 dbname=appdb pool_size=20
                "odd name" = dbname=x
                * = port=5432 auth_user=pgbouncer
                """;

        assertThat(DatabasesFile.pointAt(before, "10.0.0.2", 5433)).isEqualTo("""
                ; written by the operator
                [databases]
                appdb = host=10.0.0.2 port=5433 dbname=appdb pool_size=20
                "odd name" = host=10.0.0.2 port=5433 dbname=x
                * = host=10.0.0.2 port=5433 auth_user=pgbouncer
                """);
    }

    @Test
    void quotedValuesCommentsAndOtherSectionsAreLeftAlone() {
        String before = """
                [databases]
                # a comment = host=x
                app = host=a application_name='my app' port=1
                [users]
                alice = pool_mode=session
                """;

        assertThat(DatabasesFile.pointAt(before, "b", 2)).isEqualTo("""
                [databases]
                # a comment = host=x
                app = host=b port=2 application_name='my app'
                [users]
                alice = pool_mode=session
                """);
    }

    @Test
    void aFileWithoutSectionHeaderIsTakenAsDatabaseLines() {
        assertThat(DatabasesFile.pointAt("app = host=a\n", "b", 2)).isEqualTo("app = host=b port=2\n");
    }

    @Test
    void rewritingReplacesTheFileWholeWithItsModeAndSaysWhenNothingChanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("databases.ini");
        Files.writeString(file, "[databases]\napp = host=a port=1 dbname=app\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(DatabasesFile.rewrite(file, "b", 2)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("[databases]\napp = host=b port=2 dbname=app\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(DatabasesFile.rewrite(file, "b", 2)).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
