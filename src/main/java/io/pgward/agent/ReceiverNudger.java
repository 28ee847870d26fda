package io.pgward.agent;

import io.pgward.ha.LocalState;
import io.pgward.ha.ReceiverNudge;
import io.pgward.postgres.PgStatus;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.WalReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * Each cycle on a running replica: a WAL receiver that {@link ReceiverNudge} finds stuck on a connection lost in a
 * partition, while its upstream accepts connections again, is stopped (SIGTERM; PostgreSQL's pg_terminate_backend
 * refuses the walreceiver), and PostgreSQL starts a new one at once. The receiver is the one the cycle's status read
 * saw (no query of its own); the upstream is probed only for a receiver that looks stuck.
 */
final class ReceiverNudger {

    private static final Logger log = LoggerFactory.getLogger(ReceiverNudger.class);
    private static final int PROBE_TIMEOUT_MILLIS = 1000;

    private final PostgresNode postgres;
    private long lastNudge;
    private boolean nudged;

    ReceiverNudger(PostgresNode postgres) {
        this.postgres = postgres;
    }

    /**
     * Looks at the WAL receiver as the cycle's status read found it ({@code status}: null when PostgreSQL did not
     * answer). Never fails the cycle it runs in: a failure is logged and the receiver left alone.
     */
    void check(LocalState local, PgStatus status) {
        try {
            if (local.runningAsReplica() && status != null && status.receiver() != null) {
                nudgeIfStuck(status.receiver());
            }
        } catch (RuntimeException e) {
            log.warn("cannot check the WAL receiver: {}", e.toString());
        }
    }

    private void nudgeIfStuck(WalReceiver w) {
        ReceiverNudge.Receiver r = new ReceiverNudge.Receiver(w.status(), Duration.ofMillis(w.silenceMillis()),
                Duration.ofMillis(w.timeoutMillis()), w.sender());
        if (!ReceiverNudge.looksStuck(r)) {
            return;
        }
        Duration since = nudged ? Duration.ofNanos(System.nanoTime() - lastNudge) : null;
        ReceiverNudge.Verdict v = ReceiverNudge.decide(r, answers(w.sender()), since);
        if (!v.nudge()) {
            log.debug("WAL receiver left alone: {}", v.reason());
        } else if (stop(w.pid())) {
            nudged = true;
            lastNudge = System.nanoTime();
            log.info("restarted the WAL receiver: {}", v.reason());
        }
    }

    /** Whether host:port accepts a TCP connection within a second. */
    private static boolean answers(String sender) {
        int colon = sender.lastIndexOf(':');
        if (colon <= 0 || sender.startsWith("/")) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(sender.substring(0, colon), Integer.parseInt(sender.substring(colon + 1))),
                    PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** SIGTERM to the receiver, only if it is a child of this node's postmaster. */
    private boolean stop(long pid) {
        Optional<ProcessHandle> postmaster = postgres.postmaster().running();
        Optional<ProcessHandle> receiver = ProcessHandle.of(pid)
                .filter(p -> p.parent().map(ProcessHandle::pid).equals(postmaster.map(ProcessHandle::pid)));
        return receiver.map(ProcessHandle::destroy).orElse(false);
    }
}
