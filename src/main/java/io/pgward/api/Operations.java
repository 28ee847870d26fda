package io.pgward.api;

import java.util.Optional;
import io.pgward.postgres.StandbyWal;
import io.pgward.ha.ClusterView;
import io.pgward.ha.DecisionHistory;
import io.pgward.ha.Member;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the REST API may ask of the agent beyond its latest snapshot: the unsafe endpoints' actions, and the reads the
 * dashboard adds (the leader's lease, the other members' decisions). Failures throw {@link io.pgward.PgwardException}.
 */
public interface Operations {

    /** Another member's {@code GET /decisions}: its entries, or why it did not answer ({@code error} not null). */
    record PeerDecisions(List<DecisionHistory.Entry> entries, String error) {}

    /** A fresh snapshot from etcd (not the loop's cached one). */
    ClusterView readCluster();

    /** Compare-and-swap of the {@code config} key on its mod revision; false when someone changed it meanwhile. */
    boolean writeConfig(Map<String, Object> config, long expectedRevision);

    /** Writes the {@code failover} key (Patroni's JSON: leader, member, scheduled_at). */
    void writeFailover(Map<String, Object> request);

    void deleteFailover();

    /** Restarts the local PostgreSQL in its current role and waits; returns what happened. */
    String restart(Duration timeout);

    /**
     * Wipes the local data directory and creates the replica again (not on the leader).
     *
     * @param fromLeader true: with pg_basebackup from the leader, whatever create_replica_methods says
     */
    String reinitialize(boolean fromLeader);

    /** Keeps {@code request} (which has a schedule) for its time; false when a restart is already scheduled. */
    boolean scheduleRestart(RestartRequest request);

    /** Forgets the scheduled restart; false when there was none. */
    boolean cancelScheduledRestart();

    /** Re-reads the node's YAML and applies what can change at runtime; returns what was applied. */
    String reload();

    /** pgBackRest on this node; null when the dynamic configuration has no backup section. */
    BackupControl backups();

    /**
     * A primary called POST /failsafe (failsafe_mode, etcd unreachable for it): null when accepted (this node
     * then does not race for the leader key for one ttl), else why not (this node runs as primary itself).
     */
    default String acceptFailsafe(String primary) {
        return "failsafe is not handled here";
    }

    /**
     * This standby's WAL positions read from PostgreSQL now (a connection of its own, a one-second deadline): a
     * replica racing for the leader key compares its WAL with what its peers' {@code GET /patroni} says, and the
     * loop's last observation may predate the old primary's last writes. Empty when not in recovery or no answer.
     */
    Optional<StandbyWal> liveStandbyWal();

    /** Starts an HA cycle now. */
    void wakeup();

    /** Seconds the leader key's lease has left, read from etcd now; empty when there is no leader or etcd did not say. */
    default OptionalLong leaderLeaseLeft() {
        return OptionalLong.empty();
    }

    /** Asks {@code members}' agents for their decisions, in parallel with a short deadline; by member name. */
    default Map<String, PeerDecisions> peerDecisions(List<Member> members) {
        return Map.of();
    }
}
