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

/** The fence process against a stand-in "postmaster" (a sleep process named in postmaster.pid). */
class FenceTest {

    @TempDir
    Path dir;
    private Path data;
    private Process postmaster;

    @BeforeEach
    void fakePostmaster() throws Exception {
        data = dir.resolve("data");
        Files.createDirectories(data);
        postmaster = new ProcessBuilder("sleep", "120").start();
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

    private static void closeWithoutStop(Fence fence) throws Exception {
        var field = Fence.class.getDeclaredField("control");
        field.setAccessible(true);
        ((java.io.OutputStream) field.get(fence)).close();
    }
}
