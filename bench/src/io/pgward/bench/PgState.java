package io.pgward.bench;

/** What one look at a node's PostgreSQL shows. */
record PgState(boolean up, boolean inRecovery, String walReceiver, int timeline, int streaming, int sync) {

    static final PgState DOWN = new PgState(false, false, null, 0, 0, 0);

    boolean streamingReplica() {
        return up && inRecovery && "streaming".equals(walReceiver);
    }
}
