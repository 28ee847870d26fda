package io.pgward.routing;

import io.pgward.config.HostPort;
import io.pgward.config.PgBouncerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a stand-in for psql that records each call (its arguments and PGPASSWORD) and answers as the admin
 * console would; the real PgBouncer is PgBouncerIT's.
 */
class PgBouncerSwitchTest {

    @TempDir
    Path dir;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    /** A psql that appends "PGPASSWORD args" to calls.txt, and runs {@code behaviour} (shell) with $cmd the command. */
    private PgBouncerSwitch withPsql(String behaviour, int pauseTimeout) throws Exception {
        Path psql = dir.resolve("psql");
        Files.writeString(psql, "#!/bin/sh\necho \"$PGPASSWORD $*\" >> " + dir.resolve("calls.txt") + "\n"
                + "for a; do cmd=$a; done\n" + behaviour + "\n");
        Files.setPosixFilePermissions(psql, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("databases.ini"), "[databases]\napp = host=old port=5432 dbname=app\n");
        var config = new PgBouncerConfig("postgresql://pgward:s%40cret@127.0.0.1:6432/pgbouncer",
                dir.resolve("databases.ini"), pauseTimeout);
        return new PgBouncerSwitch(config, new PgBouncerConsole(config, psql), worker);
    }

    private List<String> calls() throws Exception {
        Path calls = dir.resolve("calls.txt");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private void drain() throws Exception {
        worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPausePassesThePasswordInTheEnvironmentOnly() throws Exception {
        withPsql("exit 0", 5).pause(Duration.ofSeconds(10), Duration.ofMinutes(5));

        assertThat(calls()).containsExactly(
                "s@cret -X -q -v ON_ERROR_STOP=1 -d postgresql://pgward@127.0.0.1:6432/pgbouncer -c PAUSE");
    }

    /** pause_timeout 1 s, or pause_timeout 60 s with 1 s allowed by the caller (a third of ttl). */
    @Test
    void aPauseThatDoesNotCompleteInTimeIsResumedAndTheSwitchoverGoesOn() throws Exception {
        for (int pauseTimeout : new int[] {1, 60}) {
            Files.deleteIfExists(dir.resolve("calls.txt"));
            var pgbouncer = withPsql("[ \"$cmd\" = PAUSE ] && sleep 30; exit 0", pauseTimeout);
            long start = System.nanoTime();

            pgbouncer.pause(Duration.ofSeconds(1), Duration.ofMinutes(5));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(calls()).hasSize(2).last().asString().endsWith("-c RESUME");
        }
    }

    @Test
    void aPauseNobodyResumedIsResumedByTheAgentThatMadeIt() throws Exception {
        withPsql("exit 0", 5).pause(Duration.ofSeconds(10), Duration.ofMillis(100));
        Thread.sleep(300);
        drain();

        assertThat(calls()).hasSize(2).last().asString().endsWith("-c RESUME");
    }

    @Test
    void theNewPrimaryRewritesTheFileThenReloadsAndResumes() throws Exception {
        withPsql("exit 0", 5).pointAt(new HostPort("10.0.0.2", 5433));
        drain();

        assertThat(Files.readString(dir.resolve("databases.ini")))
                .isEqualTo("[databases]\napp = host=10.0.0.2 port=5433 dbname=app\n");
        assertThat(calls()).hasSize(2);
        assertThat(calls().get(0)).endsWith("-c RELOAD");
        assertThat(calls().get(1)).endsWith("-c RESUME");
    }

    @Test
    void aFileThatPointsHereAlreadyIsNotReloadedButPgBouncerIsStillResumed() throws Exception {
        var pgbouncer = withPsql("[ \"$cmd\" = RESUME ] && { echo 'ERROR:  pooler is not paused/suspended'; exit 1; }; exit 0", 5);
        pgbouncer.pointAt(new HostPort("old", 5432));
        drain();

        assertThat(calls()).singleElement().asString().endsWith("-c RESUME");
    }
}
