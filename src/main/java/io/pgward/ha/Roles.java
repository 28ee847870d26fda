package io.pgward.ha;

import io.pgward.ha.LocalState.DataDir;

/** The role a node has in Patroni's words (member key, /patroni, /cluster, list), from plain observations; pure. */
public final class Roles {

    public static final String PRIMARY = "primary";
    public static final String STANDBY_LEADER = "standby_leader";
    public static final String REPLICA = "replica";
    public static final String UNINITIALIZED = "uninitialized";

    private Roles() {}

    /**
     * Holds the leader key of a standby cluster and its PostgreSQL is not a primary: it follows the remote cluster
     * (Patroni's {@code standby_leader}, also while it starts or is stopped).
     */
    public static boolean isStandbyLeader(ClusterView c, String me, LocalState local) {
        return c != null && c.isLeader(me) && c.config().standbyCluster() != null
                && local.dataDir() == DataDir.PRESENT && !local.possiblyWritable();
    }

    /** primary, standby_leader, replica or uninitialized. */
    public static String of(ClusterView c, String me, LocalState local) {
        if (local.dataDir() == DataDir.EMPTY) {
            return UNINITIALIZED;
        }
        if (local.runningAsPrimary()) {
            return PRIMARY;
        }
        return isStandbyLeader(c, me, local) ? STANDBY_LEADER : REPLICA;
    }

    /** The role /cluster gives the holder of the leader key: standby_leader in a standby cluster, else leader. */
    public static String ofLeader(ClusterView c) {
        return c.config().standbyCluster() != null ? STANDBY_LEADER : "leader";
    }
}
