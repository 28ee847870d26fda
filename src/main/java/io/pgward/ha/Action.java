package io.pgward.ha;

/** What the agent does this cycle, with the one-line reason it is logged with. */
public sealed interface Action {

    String reason();

    /** Nothing to change. */
    record Wait(String reason) implements Action {}

    /** Race for the {@code initialize} key and, if won, run initdb and become the first leader. */
    record Bootstrap(String reason) implements Action {}

    /** Copy the data directory from {@code source} with pg_basebackup. */
    record Clone(String source, String reason) implements Action {}

    /** Start the local PostgreSQL as the primary (this node holds the leader key). */
    record StartPrimary(String reason) implements Action {}

    /**
     * Start the local PostgreSQL as a standby of {@code upstream} (null: no upstream yet), rewinding first if it
     * diverged from {@code leader}'s timeline (the upstream differs from the leader when cascading).
     */
    record StartReplica(String upstream, String leader, String reason) implements Action {
        public StartReplica(String leader, String reason) {
            this(leader, leader, reason);
        }
    }

    /** This node is the leader and its PostgreSQL the primary: publish status, keep replication slots. */
    record LeadAsPrimary(String reason) implements Action {}

    /**
     * This node holds the leader key of a standby cluster and its PostgreSQL follows the remote primary: publish
     * status, keep the slots of the members that stream from it. It never promotes.
     */
    record LeadAsStandbyLeader(String reason) implements Action {}

    /** This node holds the leader key but PostgreSQL is still a standby: promote it. */
    record Promote(String reason) implements Action {}

    /** Take the free leader key by atomic create, then promote if needed. */
    record AcquireLeader(String reason) implements Action {}

    /**
     * Point primary_conninfo at {@code upstream} (the leader, or the member this node cascades from) and reload,
     * unless this node's WAL diverged from {@code leader}'s timeline.
     */
    record Follow(String upstream, String leader, String reason) implements Action {
        public Follow(String leader, String reason) {
            this(leader, leader, reason);
        }
    }

    /**
     * A replica that follows {@code leader} but has not streamed for a while: ask the leader's timeline history
     * whether this node's WAL diverged from it, and if so stop PostgreSQL so that the next start rewinds it.
     */
    record CheckDivergence(String leader, String reason) implements Action {}

    /** Stop being a writable primary. */
    record Demote(DemoteMode mode, String reason) implements Action {}

    /** Delete the {@code failover} key: the request it holds cannot or need not be carried out. */
    record ClearFailover(String reason) implements Action {}

    /** Give the leader key up (only if it still names this node). */
    record ReleaseLeader(String reason) implements Action {}

    /** Delete an {@code initialize} key left by a bootstrap whose node is gone. */
    record ClearStaleInitialize(String reason) implements Action {}

    /** Record this node's system identifier in {@code initialize} (the key is missing but the data is ours). */
    record WriteInitialize(String systemId, String reason) implements Action {}

    /**
     * An in-place restore is requested: stop PostgreSQL (fast, after switching to a new WAL segment and waiting
     * for it to be archived on a primary), give up the leader key if held, and record the request's id.
     */
    record StopForRestore(RestoreRequest request, String reason) implements Action {}

    /**
     * This node was chosen to restore: move its data aside, restore the repository, recover to the target, take
     * the leader key and mark the request done (one task).
     */
    record RestoreData(RestoreRequest request, String reason) implements Action {}

    /** The chosen node restored and leads: mark the request done, record the restore in the history. */
    record FinishRestore(RestoreRequest request, String reason) implements Action {}

    /** The data predates a completed restore: move it aside and clone from the restored leader with pg_basebackup. */
    record Reclone(String leader, String reason) implements Action {}

    /** Stop the agent: continuing would harm data (e.g. the data belongs to another cluster). */
    record Fatal(String reason) implements Action {}

    /** How a primary steps down (docs/patroni-compatibility.md §3.8). */
    enum DemoteMode {
        /** Switchover: fast stop with a shutdown checkpoint the replicas receive, then release the key. */
        GRACEFUL,
        /** etcd unreachable: fast stop, restart read-only without upstream, the key cannot be released. */
        OFFLINE,
        /** Another node holds the key: immediate stop, then follow it. */
        IMMEDIATE_NOLOCK,
        /** Unhealthy primary: immediate stop, release the key. */
        IMMEDIATE,
        /**
         * demote-cluster (standby_cluster was set): fast stop, keep the key; the next start makes this node the
         * standby leader following the remote primary, rewinding first if it diverged.
         */
        DEMOTE_CLUSTER
    }
}
