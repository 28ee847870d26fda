package io.pgward.dcs;

import io.pgward.ha.ClusterView;

/**
 * The distributed configuration store as the agent uses it, in Patroni's key layout under
 * {@code /<namespace>/<scope>/}. Every method throws {@link io.pgward.PgwardException} with code
 * {@code DCS_UNREACHABLE} when the store does not answer in time. One lease per agent holds both
 * {@code members/<name>} and, while leading, {@code leader}.
 */
public interface Dcs extends AutoCloseable {

    /** One snapshot of every key of the cluster. */
    ClusterView read();

    /**
     * Refreshes this agent's lease and re-asserts the leader key; false when the key no longer names this node. A key
     * that vanished is never re-created here: taking the key again is the decision function's to make.
     */
    boolean renewLeader();

    /**
     * How long, in seconds, the leader key lives from the last successful renewal or acquisition: the smaller of the
     * ttl asked for and the ttl the store granted. The fence and the lease guard are armed with it, never with a ttl
     * from configuration that may differ from the lease's.
     */
    long leaseTtlSeconds();

    /** Creates the leader key with this agent's lease if no leader key exists; true when this node won. */
    boolean acquireLeader();

    /** Deletes the leader key if it still names this node. */
    void releaseLeader();

    /** Creates {@code initialize} with an empty value if absent: true when this node won the bootstrap race. */
    boolean raceInitialize();

    /**
     * Sets {@code initialize} to the cluster's system identifier, only where it is still empty (this node's own
     * bootstrap claim) or missing: never over another bootstrap's value. Returns whether it was written.
     */
    boolean setInitialize(String systemId);

    /** Deletes {@code initialize} if it still holds {@code expectedValue}; true when deleted. */
    boolean clearInitialize(String expectedValue);

    /** Writes {@code members/<name>} (Patroni member JSON) under this agent's lease. */
    void publishMember(String json);

    /** Writes {@code config} unless it exists. */
    void initializeConfig(String json);

    /** Writes {@code config} if its mod revision is still {@code expectedRevision} (0: must not exist). */
    boolean writeConfig(String json, long expectedRevision);

    /** Writes {@code sync} if its mod revision is still {@code expectedRevision} (0: must not exist). */
    boolean writeSync(String json, long expectedRevision);

    void writeStatus(String json);

    /** Writes the {@code failsafe} key (the failsafe topology, Patroni's JSON). */
    void writeFailsafe(String json);

    void writeHistory(String json);

    /** Writes the {@code failover} key (a switchover or failover request). */
    void writeFailover(String json);

    /** Deletes the {@code failover} key. */
    void deleteFailover();

    /** Deletes every key of the cluster (operator's {@code remove}). */
    void deleteCluster();

    /** A key's value (null when absent) with its modification revision (0 when absent). */
    record Stored(String value, long revision) {}

    /** The record of scheduled backup slots already taken. */
    Stored readBackupSchedule();

    /**
     * Stores the record of scheduled backup slots, only while this node holds the leader key and nobody changed the
     * record since {@code expectedRevision} (0: it must be absent): false when either is not so.
     */
    boolean claimBackupSchedule(String json, long expectedRevision);

    /**
     * Writes the {@code restore} key if its mod revision is still {@code expectedRevision} (0: it must be absent):
     * false when someone changed it meanwhile.
     */
    boolean writeRestore(String json, long expectedRevision);

    /** Deletes the {@code restore} key if its mod revision is still {@code expectedRevision}; true when deleted. */
    boolean deleteRestore(long expectedRevision);

    /** Calls {@code onChange} (from a background thread) whenever a key of the cluster changes. */
    void watch(Runnable onChange);

    /** Seconds the leader key's lease has left; empty when there is no leader key or the store cannot say. */
    default java.util.OptionalLong leaderLeaseLeftSeconds() {
        return java.util.OptionalLong.empty();
    }

    /**
     * The id of this agent's lease, on which the leader key lives after a successful {@link #renewLeader} or
     * {@link #acquireLeader}; 0 when the store has no leases or none was granted yet.
     */
    default long leaseId() {
        return 0;
    }

    /** Revokes this agent's lease (its member key and, if held, the leader key vanish at once). */
    void revokeLease();

    @Override
    void close();
}
