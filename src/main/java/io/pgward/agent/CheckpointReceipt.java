package io.pgward.agent;

import io.pgward.config.Credentials;
import io.pgward.ha.Member;
import io.pgward.postgres.Lsn;
import io.pgward.postgres.PgClient;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whether a replica has received a stopped primary's whole WAL: its receive position is past the shutdown
 * checkpoint, asked of the replica's own PostgreSQL (not of etcd, whose member data is a cycle old).
 */
final class CheckpointReceipt {

    private final Credentials superuser;
    private final Map<String, String> lastAnswers = new LinkedHashMap<>();

    CheckpointReceipt(Credentials superuser) {
        this.superuser = superuser;
    }

    /**
     * Asks the candidates in turn until one has received past {@code checkpoint} or {@code wait} is over, running
     * {@code whileWaiting} between rounds (e.g. renewing the lease). Returns the first that has, or null.
     */
    String awaitAny(List<Member> candidates, long checkpoint, Duration wait, Runnable whileWaiting) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (Member m : candidates) {
                if (receivedPast(m, checkpoint)) {
                    return m.name();
                }
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            whileWaiting.run();
            Pause.briefly(200);
        }
    }

    /** What each candidate last answered (its receive position or why it did not answer), for a log line. */
    String lastAnswers() {
        return lastAnswers.isEmpty() ? "no candidate" : lastAnswers.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    private boolean receivedPast(Member m, long checkpoint) {
        if (m.connUrl() == null) {
            lastAnswers.put(m.name(), "no conn_url");
            return false;
        }
        try {
            URI uri = URI.create(m.connUrl());
            long received = new PgClient(uri.getHost(), uri.getPort(), superuser, 2).receivedLsn();
            lastAnswers.put(m.name(), "received up to " + Lsn.format(received));
            return received > checkpoint;
        } catch (RuntimeException e) {
            lastAnswers.put(m.name(), e.getMessage());
            return false;
        }
    }
}
