package io.pgward.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fence process against a stand-in "postmaster": a copy of sleep named {@code postgres} (the fence signals only a
 * process of that name), its pid in postmaster.pid.
 */
class FenceTest {

    @TempDir
    Path dir;
    private Path data;
    private Process postmaster;

    @BeforeEach
    void fakePostmaster() throws Exception {
        data = dir.resolve("data");
        Files.createDirectories(data);
        Path postgres = dir.resolve("postgres");
        Files.copy(Path.of("/bin/sleep"), postgres);
        postgres.toFile().setExecutable(true);
        postmaster = new ProcessBuilder(postgres.toString(), "120").directory(data.toFile()).start();
        Files.writeString(data.resolve("postmaster.pid"), postmaster.pid() + "\n" + data + "\n");
    }

    @AfterEach
    void cleanUp() {
        postmaster.destroyForcibly();
    }

    @Test
    void stopsPostgresWhenTheLeaseRunsOut() {
        try (Fence fence = Fence.start(data)) {
            fence.arm(300);
            await().atMost(Duration.ofSeconds(8)).until(() -> !postmaster.isAlive());
        }
    }

    @Test
    void renewalsKeepPostgresRunning() throws Exception {
        try (Fence fence = Fence.start(data)) {
            for (int i = 0; i < 8; i++) {
                fence.arm(600);
                Thread.sleep(200);
            }
            assertThat(postmaster.isAlive()).isTrue();
        }
    }

    @Test
    void disarmedFenceNeverStopsPostgres() throws Exception {
        try (Fence fence = Fence.start(data)) {
            fence.arm(300);
            fence.disarm();
            Thread.sleep(1200);
            assertThat(postmaster.isAlive()).isTrue();
        }
    }

    @Test
    void aDeadAgentsLastDeadlineIsStillEnforced() throws Exception {
        Fence fence = Fence.start(data);
        fence.arm(800);
        Path pidFile = dir.resolve("data.fence.pid");
        long fencePid = Long.parseLong(Files.readString(pidFile).trim());
        // The agent dies: its end of the pipe closes without "stop".
        ProcessHandle.of(fencePid).orElseThrow();
        closeWithoutStop(fence);
        assertThat(postmaster.waitFor(8, TimeUnit.SECONDS)).as("postgres stopped at the deadline").isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.of(fencePid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aNewFenceReplacesTheOrphanOfAPreviousAgent() throws Exception {
        Fence first = Fence.start(data);
        long firstPid = Long.parseLong(Files.readString(dir.resolve("data.fence.pid")).trim());
        try (Fence second = Fence.start(data)) {
            await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.of(firstPid).map(p -> !p.isAlive()).orElse(true));
            assertThat(second.alive()).isTrue();
        }
        first.close();
    }

    @Test
    void restartedAgentDoesNotDisarmTheFenceOfTheAgentBefore() throws Exception {
        // Crash loop: the leader's agent dies, a new one starts (replacing the orphaned fence) and dies too before its
        // first renewal. The lease runs out: PostgreSQL must stop, as the first fence would have stopped it.
        Fence first = Fence.start(data);
        first.arm(1500);
        closeWithoutStop(first);
        Fence second = Fence.start(data);
        assertThat(second.inheritedDeadline()).isPresent();
        closeWithoutStop(second);
        assertThat(postmaster.waitFor(8, TimeUnit.SECONDS)).as("postgres stopped at the first agent's deadline").isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> !second.alive());
    }

    @Test
    void aFenceStartedAfterTheRecordedDeadlineStopsPostgresAtOnce() throws Exception {
        Fence first = Fence.start(data);
        first.arm(100);
        closeWithoutStop(first);
        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);    // the fence died with its agent
        await().atMost(Duration.ofSeconds(3)).until(() -> !first.alive());
        Thread.sleep(300);
        try (Fence second = Fence.start(data)) {
            assertThat(second.inheritedDeadline().orElseThrow()).isNegative();
            assertThat(postmaster.waitFor(8, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aCleanStopLeavesNoDeadlineForTheNextAgent() {
        try (Fence fence = Fence.start(data)) {
            fence.arm(60_000);
        }
        try (Fence next = Fence.start(data)) {
            assertThat(next.inheritedDeadline()).isEmpty();
        }
        assertThat(postmaster.isAlive()).isTrue();
    }

    @Test
    void aDisarmedFenceLeavesNoDeadlineForTheNextAgent() throws Exception {
        Fence fence = Fence.start(data);
        fence.arm(60_000);
        fence.disarm();
        closeWithoutStop(fence);
        try (Fence next = Fence.start(data)) {
            assertThat(next.inheritedDeadline()).isEmpty();
        }
    }

    @Test
    void aStalePidNowUsedByAnotherServersPostgresIsNeverSignalled() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("other-data"));
        Process other = new ProcessBuilder(dir.resolve("postgres").toString(), "120").directory(elsewhere.toFile())
                .start();
        try {
            Files.writeString(data.resolve("postmaster.pid"), other.pid() + "\n" + data + "\n");
            try (Fence fence = Fence.start(data)) {
                fence.arm(100);
                Thread.sleep(1500);
                assertThat(other.isAlive()).as("a postgres working in another data directory is left alone").isTrue();
            }
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aStalePidOfAnotherProgramIsNeverSignalled() throws Exception {
        Process other = new ProcessBuilder("sleep", "120").start();
        try {
            Files.writeString(data.resolve("postmaster.pid"), other.pid() + "\n" + data + "\n");
            try (Fence fence = Fence.start(data)) {
                fence.arm(100);
                Thread.sleep(1500);
                assertThat(other.isAlive()).as("a process not named postgres is left alone").isTrue();
            }
        } finally {
            other.destroyForcibly();
        }
    }

    private static void closeWithoutStop(Fence fence) throws Exception {
        var field = Fence.class.getDeclaredField("control");
        field.setAccessible(true);
        ((java.io.OutputStream) field.get(fence)).close();
    }
}
