package io.pgward.agent;

/**
 * failsafe_mode as this node lives it: on a replica, the last primary that called its {@code POST /failsafe}; on a
 * primary, when its last round of calls was accepted by every member. Either counts for one ttl.
 */
final class FailsafeRecord {

    private record Ping(String leader, long receivedNanos) {}

    private volatile Ping lastPing;
    private volatile long confirmedNanos;
    private volatile boolean confirmed;

    /** A primary called this replica's POST /failsafe. */
    void pinged(String leader) {
        lastPing = new Ping(leader, System.nanoTime());
    }

    /** The primary that called within {@code ttlSeconds}, or null. */
    String leaderWithin(long ttlSeconds) {
        Ping p = lastPing;
        return p != null && System.nanoTime() - p.receivedNanos() < ttlSeconds * 1_000_000_000L ? p.leader() : null;
    }

    /** This primary's round, sent at {@code sentNanos}, was accepted by every member (false: not, or none made). */
    void roundConfirmed(boolean ok, long sentNanos) {
        confirmed = ok;
        confirmedNanos = sentNanos;
    }

    /** As primary: the last round, sent within {@code ttlSeconds}, was accepted by every member. */
    boolean confirmedWithin(long ttlSeconds) {
        return confirmed && System.nanoTime() - confirmedNanos < ttlSeconds * 1_000_000_000L;
    }

    /** Patroni's failsafe_mode_is_active: a confirmed round (primary) or a ping (replica) within ttl. */
    boolean active(long ttlSeconds) {
        return confirmedWithin(ttlSeconds) || leaderWithin(ttlSeconds) != null;
    }

    /** etcd answers again: the primary holds a real lease, nothing is failsafe any more. */
    void etcdBack() {
        confirmed = false;
    }
}
