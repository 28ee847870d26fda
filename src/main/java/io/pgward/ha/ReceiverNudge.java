package io.pgward.ha;

import java.time.Duration;

/**
 * Whether to restart a replica's WAL receiver that holds a dead connection; pure.
 * <p>
 * A receiver whose upstream went silent behind a partition keeps its connection until {@code wal_receiver_timeout}
 * or TCP gives up, and TCP's retransmissions back off, so after the network heals it can stay stuck for about as
 * long as the partition lasted. A live connection is never silent for long: the receiver asks its sender for an
 * answer once it has heard nothing for half of {@code wal_receiver_timeout}. So a receiver silent for longer than
 * that plus {@link #UNANSWERED_PING}, whose upstream accepts new connections, holds a dead connection; restarting it
 * makes PostgreSQL connect afresh at once. Never a receiver that heard from its upstream lately, never when
 * {@code wal_receiver_timeout} is 0 (then silence proves nothing), and at most once every {@link #MIN_INTERVAL}.
 */
public final class ReceiverNudge {

    /** How long an unanswered ping may take before the connection counts as dead. */
    public static final Duration UNANSWERED_PING = Duration.ofSeconds(2);
    /** The least time between two restarts of the receiver. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    /**
     * The running WAL receiver as the local PostgreSQL shows it.
     *
     * @param status          pg_stat_wal_receiver's status: only a "streaming" receiver holds a connection to judge
     * @param silence         since the last message from its upstream
     * @param receiverTimeout {@code wal_receiver_timeout}; zero when disabled
     * @param sender          the upstream it is connected to, {@code host:port}; null when not known
     */
    public record Receiver(String status, Duration silence, Duration receiverTimeout, String sender) {}

    /** The decision and why. */
    public record Verdict(boolean nudge, String reason) {}

    private ReceiverNudge() {}

    /** Whether the receiver holds a connection that looks dead (only then is the upstream probed). */
    public static boolean looksStuck(Receiver r) {
        return r != null && "streaming".equals(r.status()) && r.sender() != null && !r.receiverTimeout().isZero()
                && r.silence().compareTo(r.receiverTimeout().dividedBy(2).plus(UNANSWERED_PING)) > 0;
    }

    /**
     * @param upstreamAnswers whether the upstream accepts a new TCP connection now (probed from this host)
     * @param sinceLastNudge  since this agent last restarted the receiver; null when it never did
     */
    public static Verdict decide(Receiver r, boolean upstreamAnswers, Duration sinceLastNudge) {
        if (r == null) {
            return new Verdict(false, "no WAL receiver runs: PostgreSQL starts one itself");
        }
        if (r.receiverTimeout().isZero()) {
            return new Verdict(false, "wal_receiver_timeout is 0, so the receiver's silence proves nothing");
        }
        if (!"streaming".equals(r.status())) {
            return new Verdict(false, "the WAL receiver is " + r.status() + ", not holding a connection");
        }
        if (r.sender() == null) {
            return new Verdict(false, "the WAL receiver's upstream is not known");
        }
        if (!looksStuck(r)) {
            return new Verdict(false, "the WAL receiver heard from its upstream " + seconds(r.silence()) + " ago");
        }
        if (!upstreamAnswers) {
            return new Verdict(false, "the upstream " + r.sender() + " does not answer: the partition has not healed");
        }
        if (sinceLastNudge != null && sinceLastNudge.compareTo(MIN_INTERVAL) < 0) {
            return new Verdict(false, "the WAL receiver was restarted " + seconds(sinceLastNudge) + " ago");
        }
        return new Verdict(true, "the WAL receiver has heard nothing from " + r.sender() + " for "
                + seconds(r.silence()) + " although it accepts connections again (a connection lost in a partition;"
                + " wal_receiver_timeout " + seconds(r.receiverTimeout()) + ")");
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
