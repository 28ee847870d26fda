package io.pgward.postgres;

/**
 * The local standby's WAL receiver (pg_stat_wal_receiver).
 *
 * @param silenceMillis since its last message from the upstream (0 before the first)
 * @param timeoutMillis wal_receiver_timeout; 0 when disabled
 * @param sender        the upstream it is connected to, {@code host:port}; null when not known
 */
public record WalReceiver(long pid, String status, long silenceMillis, long timeoutMillis, String sender) {}
