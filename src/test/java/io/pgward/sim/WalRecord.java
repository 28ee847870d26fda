package io.pgward.sim;

/**
 * One record of a simulated WAL. Each record is created once, at the tip of one node's WAL, and is only ever copied
 * together with its whole prefix; so two WALs that hold the same record (by identity) at the same index agree on
 * everything before it, and "is a prefix of" can be checked by comparing one record.
 *
 * @param commitId the client's commit this record holds; -1 for other records
 */
record WalRecord(long id, int timeline, String origin, long commitId, Kind kind) {

    enum Kind { COMMIT, SHUTDOWN_CHECKPOINT, TIMELINE_SWITCH }

    @Override
    public String toString() {
        return "#" + id + "(tl" + timeline + " " + origin + " " + (kind == Kind.COMMIT ? "commit " + commitId
                : kind.name().toLowerCase()) + ")";
    }
}
