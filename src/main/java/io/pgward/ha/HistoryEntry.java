package io.pgward.ha;

/** One line of the {@code history} key: the timeline that ended, where, why, when, and who took over. */
public record HistoryEntry(int timeline, long switchLsn, String reason, String timestamp, String newLeader) {}
