package io.pgward.postgres;

/** How far a standby has received and replayed WAL, in bytes (0 when unknown). */
public record StandbyWal(long received, long replayed) {}
