package io.pgward.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * {@code pgbackrest server} (pgBackRest's TLS server) as the postgres user with its own configuration file, optionally
 * inside a network namespace. Stopped with every process it forked, by PID.
 */
final class PgBackRestServer implements AutoCloseable {

    private final Proc proc;

    private PgBackRestServer(Proc proc) {
        this.proc = proc;
    }

    /**
     * Starts the server and waits until it listens on {@code address}:{@code port}.
     *
     * @param placement a command prefix such as {@code ip netns exec NS}, or empty
     */
    static PgBackRestServer start(String name, List<String> placement, Path conf, String address, int port) {
        List<String> cmd = new ArrayList<>(placement);
        cmd.addAll(List.of("runuser", "-u", "postgres", "--", "pgbackrest", "--config=" + conf, "server"));
        PgBackRestServer server = new PgBackRestServer(Proc.start(name, cmd, conf.resolveSibling(name + ".out")));
        List<String> probe = new ArrayList<>(placement);
        probe.addAll(List.of("ss", "-Hltn", "src", address + ":" + port));
        await(name + " listening on " + address + ":" + port).atMost(TestTime.seconds(20))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!server.proc.alive()) {
                        throw new AssertionError(name + " exited: " + Files.readString(server.proc.log));
                    }
                    return !Cli.exec(probe, null).output().isBlank();
                });
        return server;
    }

    @Override
    public void close() {
        List<ProcessHandle> forked = proc.process.toHandle().descendants().toList();
        proc.close();
        for (ProcessHandle p : forked) {
            p.destroy();
        }
    }
}
