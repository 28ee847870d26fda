package io.pgward.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        postmaster = fakePostgres(data);
        Files.writeString(data.resolve("postmaster.pid"), postmaster.pid() + "\n" + data + "\n");
    }

    /** A process named postgres working in {@code workDir}, as the postmaster and each of its children are. */
    private Process fakePostgres(Path workDir) throws Exception {
        return new ProcessBuilder(dir.resolve("postgres").toString(), "120").directory(workDir.toFile()).start();
    }

    @AfterEach
    void cleanUp() {
        postmaster.destroyForcibly();
    }

    @Test
    void stopsPostgresWhenTheLeaseRunsOut() {
        try (Fence fence = Fence.start(data, Optional.empty())) {
            fence.arm(300, 0);
            await().atMost(Duration.ofSeconds(8)).until(() -> !postmaster.isAlive());
        }
    }

    @Test
    void renewalsKeepPostgresRunning() throws Exception {
        try (Fence fence = Fence.start(data, Optional.empty())) {
            for (int i = 0; i < 8; i++) {
                fence.arm(600, 0);
                Thread.sleep(200);
            }
            assertThat(postmaster.isAlive()).isTrue();
        }
    }

    @Test
    void disarmedFenceNeverStopsPostgres() throws Exception {
        try (Fence fence = Fence.start(data, Optional.empty())) {
            fence.arm(300, 0);
            fence.disarm();
            Thread.sleep(1200);
            assertThat(postmaster.isAlive()).isTrue();
        }
    }

    @Test
    void aDeadAgentsLastDeadlineIsStillEnforced() throws Exception {
        Fence fence = Fence.start(data, Optional.empty());
        fence.arm(800, 0);
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
        Fence first = Fence.start(data, Optional.empty());
        long firstPid = Long.parseLong(Files.readString(dir.resolve("data.fence.pid")).trim());
        try (Fence second = Fence.start(data, Optional.empty())) {
            await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.of(firstPid).map(p -> !p.isAlive()).orElse(true));
            assertThat(second.alive()).isTrue();
        }
        first.close();
    }

    @Test
    void restartedAgentDoesNotDisarmTheFenceOfTheAgentBefore() throws Exception {
        // Crash loop: the leader's agent dies, a new one starts (replacing the orphaned fence) and dies too before its
        // first renewal. The lease runs out: PostgreSQL must stop, as the first fence would have stopped it.
        Fence first = Fence.start(data, Optional.empty());
        first.arm(1500, 0);
        closeWithoutStop(first);
        Fence second = Fence.start(data, Optional.empty());
        assertThat(second.inheritedDeadline()).isPresent();
        closeWithoutStop(second);
        assertThat(postmaster.waitFor(8, TimeUnit.SECONDS)).as("postgres stopped at the first agent's deadline").isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> !second.alive());
    }

    @Test
    void aFenceStartedAfterTheRecordedDeadlineStopsPostgresAtOnce() throws Exception {
        Fence first = Fence.start(data, Optional.empty());
        first.arm(100, 0);
        closeWithoutStop(first);
        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);    // the fence died with its agent
        await().atMost(Duration.ofSeconds(3)).until(() -> !first.alive());
        Thread.sleep(300);
        try (Fence second = Fence.start(data, Optional.empty())) {
            assertThat(second.inheritedDeadline().orElseThrow()).isNegative();
            assertThat(postmaster.waitFor(8, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aCleanStopLeavesNoDeadlineForTheNextAgent() {
        try (Fence fence = Fence.start(data, Optional.empty())) {
            fence.arm(60_000, 0);
        }
        try (Fence next = Fence.start(data, Optional.empty())) {
            assertThat(next.inheritedDeadline()).isEmpty();
        }
        assertThat(postmaster.isAlive()).isTrue();
    }

    @Test
    void aDisarmedFenceLeavesNoDeadlineForTheNextAgent() throws Exception {
        Fence fence = Fence.start(data, Optional.empty());
        fence.arm(60_000, 0);
        fence.disarm();
        closeWithoutStop(fence);
        try (Fence next = Fence.start(data, Optional.empty())) {
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
            try (Fence fence = Fence.start(data, Optional.empty())) {
                fence.arm(100, 0);
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
            try (Fence fence = Fence.start(data, Optional.empty())) {
                fence.arm(100, 0);
                Thread.sleep(1500);
                assertThat(other.isAlive()).as("a process not named postgres is left alone").isTrue();
            }
        } finally {
            other.destroyForcibly();
        }
    }

    private static Optional<FenceEtcdAccess> access(List<String> endpoints, String authBody) {
        return Optional.of(new FenceEtcdAccess(endpoints, null, null, null, authBody));
    }

    @Test
    void anAgentDeadWhileLeadingWithPostgresGoneHasItsLeaseRevokedOnceNoProcessOfTheServerIsLeft() throws Exception {
        Process backend = fakePostgres(data);    // outlives its killed postmaster for a while
        Process otherServer = fakePostgres(Files.createDirectories(dir.resolve("other-data")));
        try (FakeEtcdGateway etcd = new FakeEtcdGateway()) {
            etcd.serverGone = () -> !postmaster.isAlive() && !backend.isAlive();
            Fence fence = Fence.start(data, access(List.of(etcd.endpoint()), null));
            fence.arm(60_000, 7587869087L);
            postmaster.destroyForcibly().waitFor();
            closeWithoutStop(fence);
            await().atMost(Duration.ofSeconds(8)).until(() -> !etcd.revocations().isEmpty());
            assertThat(etcd.revocations()).singleElement().satisfies(r -> {
                assertThat(r.body()).isEqualTo("{\"ID\":\"7587869087\"}");
                assertThat(r.serverGone()).as("every process of the server was gone before the revocation").isTrue();
                assertThat(r.authorization()).isNull();
            });
            assertThat(otherServer.isAlive()).as("another server's postgres is left alone").isTrue();
            await().atMost(Duration.ofSeconds(3)).until(() -> !fence.alive());
        } finally {
            backend.destroyForcibly();
            otherServer.destroyForcibly();
        }
    }

    @Test
    void theRevocationAuthenticatesAndMovesOnFromAnEndpointThatDoesNotAnswer() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FakeEtcdGateway etcd = new FakeEtcdGateway()) {
            String auth = "{\"name\":\"pgward\",\"password\":\"pgward-secret\"}";
            Fence fence = Fence.start(data, access(List.of("http://127.0.0.1:" + closedPort, etcd.endpoint()), auth));
            fence.arm(60_000, 12);
            postmaster.destroyForcibly().waitFor();
            closeWithoutStop(fence);
            await().atMost(Duration.ofSeconds(10)).until(() -> !etcd.revocations().isEmpty());
            assertThat(etcd.requests()).extracting(FakeEtcdGateway.Request::path)
                    .containsExactly("/v3/auth/authenticate", "/v3/lease/revoke");
            assertThat(etcd.requests().get(0).body()).isEqualTo(auth);
            assertThat(etcd.revocations().get(0).authorization()).isEqualTo(FakeEtcdGateway.TOKEN);
        }
    }

    @Test
    void aRestartedAgentDeadBeforeItsFirstRenewalHasTheLeaseOfTheDeadlineItInheritedRevoked() throws Exception {
        assertThat(revokedWhenARestartedAgentDies(fence -> { })).containsExactly("{\"ID\":\"4242\"}");
    }

    @Test
    void aFenceRevokesOnlyTheLeaseOfItsLastDeadlineNotTheOneItInherited() throws Exception {
        // the restarted agent leads on a lease of its own
        assertThat(revokedWhenARestartedAgentDies(fence -> fence.arm(60_000, 5151))).containsExactly("{\"ID\":\"5151\"}");
    }

    @Test
    void anAgentDeadWithPostgresRunningHasItsLeaseRevokedOnlyAfterTheFenceStoppedPostgresAtTheDeadline() throws Exception {
        try (FakeEtcdGateway etcd = new FakeEtcdGateway()) {
            etcd.serverGone = () -> !postmaster.isAlive();
            Fence fence = Fence.start(data, access(List.of(etcd.endpoint()), null));
            fence.arm(1500, 99);
            closeWithoutStop(fence);
            assertThat(postmaster.waitFor(8, TimeUnit.SECONDS)).as("postgres stopped at the deadline").isTrue();
            await().atMost(Duration.ofSeconds(8)).until(() -> !etcd.revocations().isEmpty());
            assertThat(etcd.revocations()).singleElement().satisfies(r -> {
                assertThat(r.body()).isEqualTo("{\"ID\":\"99\"}");
                assertThat(r.serverGone()).as("postgres was stopped before the revocation").isTrue();
            });
        }
    }

    @Test
    void aFrozenAgentIsNotTakenForDeadItsPostgresIsStoppedAndNothingIsRevoked() throws Exception {
        try (FakeEtcdGateway etcd = new FakeEtcdGateway(); Fence fence = Fence.start(data, access(List.of(etcd.endpoint()), null))) {
            fence.arm(300, 99);    // and then no renewal: the agent's pipe stays open
            assertThat(postmaster.waitFor(8, TimeUnit.SECONDS)).as("postgres stopped at the deadline").isTrue();
            Thread.sleep(1000);
            assertThat(etcd.requests()).isEmpty();
            assertThat(fence.alive()).isTrue();
        }
    }

    @Test
    void aCleanAgentShutdownOrAnAgentThatDidNotLeadRevokesNothing() throws Exception {
        try (FakeEtcdGateway etcd = new FakeEtcdGateway()) {
            try (Fence fence = Fence.start(data, access(List.of(etcd.endpoint()), null))) {
                fence.arm(60_000, 99);
            }
            Fence follower = Fence.start(data, access(List.of(etcd.endpoint()), null));
            follower.arm(60_000, 99);
            follower.disarm();
            postmaster.destroyForcibly().waitFor();
            closeWithoutStop(follower);
            await().atMost(Duration.ofSeconds(3)).until(() -> !follower.alive());
            assertThat(etcd.requests()).isEmpty();
        }
    }

    @Test
    void withoutEtcdAccessADeadAgentsLeaseIsLeftToRunOut() throws Exception {
        Fence fence = Fence.start(data, Optional.empty());
        fence.arm(1500, 99);
        postmaster.destroyForcibly().waitFor();
        closeWithoutStop(fence);
        assertThat(Files.exists(dir.resolve("data.fence.etcd"))).isFalse();
        await().atMost(Duration.ofSeconds(8)).until(() -> !fence.alive());
    }

    @Test
    void theEtcdPasswordIsInA0600FileAndNeverOnTheFencesCommandLine() throws Exception {
        String auth = "{\"name\":\"pgward\",\"password\":\"pgward-secret\"}";
        try (Fence fence = Fence.start(data, access(List.of("http://127.0.0.1:1"), auth))) {
            Path file = dir.resolve("data.fence.etcd");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(file)).contains("auth " + auth);
            String cmdline = Files.readString(Path.of("/proc/" + fence.pid() + "/cmdline"));
            assertThat(cmdline).contains(Fence.NAME).doesNotContain("pgward-secret");
        }
    }

    /**
     * The bodies of the revocations made when a restarted agent dies with its server gone: its predecessor's fence,
     * armed on lease 4242, died with that agent; the restarted agent's fence inherits the deadline, then
     * {@code beforeDying} runs.
     */
    private List<String> revokedWhenARestartedAgentDies(java.util.function.Consumer<Fence> beforeDying) throws Exception {
        try (FakeEtcdGateway etcd = new FakeEtcdGateway()) {
            etcd.serverGone = () -> !postmaster.isAlive();
            Fence first = Fence.start(data, access(List.of(etcd.endpoint()), null));
            first.arm(60_000, 4242);
            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            closeWithoutStop(first);
            await().atMost(Duration.ofSeconds(3)).until(() -> !first.alive());
            Fence second = Fence.start(data, access(List.of(etcd.endpoint()), null));
            beforeDying.accept(second);
            postmaster.destroyForcibly().waitFor();
            closeWithoutStop(second);
            await().atMost(Duration.ofSeconds(8)).until(() -> !etcd.revocations().isEmpty());
            await().atMost(Duration.ofSeconds(3)).until(() -> !second.alive());
            return etcd.revocations().stream().map(FakeEtcdGateway.Request::body).toList();
        }
    }

    private static void closeWithoutStop(Fence fence) throws Exception {
        var field = Fence.class.getDeclaredField("control");
        field.setAccessible(true);
        ((java.io.OutputStream) field.get(fence)).close();
    }
}
