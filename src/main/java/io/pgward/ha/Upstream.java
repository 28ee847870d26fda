package io.pgward.ha;

import java.util.HashSet;
import java.util.Set;

/**
 * Which member a replica streams from (cascading replication, Patroni's {@code replicatefrom} tag); pure.
 * <p>
 * A member tagged {@code replicatefrom: X} streams from X while X is a usable upstream: X has a member key, runs,
 * streams itself and publishes an address. How far X is behind the leader does not count, as in Patroni: the
 * leader's position and X's are published at different moments of their cycles, so under steady writes a lag rule
 * would move replicas back and forth between X and the leader. Otherwise, and when X names the member itself, the
 * leader, or a chain of {@code replicatefrom} tags that comes back to the member (a loop), it streams from the
 * leader. Tags are read from the member keys, so every node computes the same answer: the replica for its
 * {@code primary_conninfo}, its upstream for the replication slots it keeps.
 */
public final class Upstream {

    /**
     * @param member the member to stream from; null when the cluster has no leader
     * @param why    why it is not the plain leader, or why the {@code replicatefrom} tag is not followed; null when
     *               there is no tag
     */
    public record Choice(String member, String why) {
        public boolean cascading(ClusterView c) {
            return member != null && !c.isLeader(member);
        }
    }

    private Upstream() {}

    /** The upstream of member {@code name} in this snapshot. */
    public static Choice of(ClusterView c, String name) {
        if (!c.hasLeader()) {
            return new Choice(null, null);
        }
        String tag = replicatefrom(c, name);
        if (tag == null) {
            return new Choice(c.leader(), null);
        }
        String unusable = unusable(c, name, tag);
        if (unusable != null) {
            return new Choice(c.leader(), "replicatefrom " + tag + " " + unusable + ": streaming from leader " + c.leader());
        }
        if (chainReturnsTo(c, name, tag)) {
            return new Choice(c.leader(), "replicatefrom " + tag + " leads back to me (a replicatefrom loop):"
                    + " streaming from leader " + c.leader());
        }
        return new Choice(tag, "replicatefrom " + tag);
    }

    /** Whether {@code upstream} is the member {@code name} streams from. */
    public static boolean streamsFrom(ClusterView c, String name, String upstream) {
        return upstream.equals(of(c, name).member());
    }

    /**
     * The member of {@code name}'s chain of upstreams that streams from the leader directly ({@code name} itself when
     * it does not cascade): the one the leader's pg_stat_replication shows for it.
     */
    public static String fedByLeaderThrough(ClusterView c, String name) {
        String current = name;
        for (int hops = 0; hops <= c.members().size(); hops++) {
            String up = of(c, current).member();
            if (up == null || c.isLeader(up)) {
                return current;
            }
            current = up;
        }
        return name;
    }

    /**
     * The member a standby's WAL receiver actually streams from, found by its conn_url from the sender's
     * {@code host:port}, else that {@code host:port}; null when it does not stream ({@code sender} null).
     */
    public static String actual(ClusterView view, String sender) {
        if (sender == null) {
            return null;
        }
        return view == null ? sender : view.memberAt(sender).map(Member::name).orElse(sender);
    }

    /** The {@code replicatefrom} tag of a member as published, null when absent, empty or the leader itself. */
    static String replicatefrom(ClusterView c, String name) {
        Object tag = c.member(name).map(m -> m.tags().get("replicatefrom")).orElse(null);
        if (!(tag instanceof String s) || s.isBlank() || c.isLeader(s)) {
            return null;
        }
        return s;
    }

    /** Why {@code tag} cannot serve as upstream now, null when it can. */
    private static String unusable(ClusterView c, String name, String tag) {
        if (tag.equals(name)) {
            return "names this member itself";
        }
        Member x = c.member(tag).orElse(null);
        if (x == null) {
            return "is not a member";
        }
        if (!x.isRunning()) {
            return "is not running (" + x.state() + ")";
        }
        if (x.connUrl() == null) {
            return "has not published its address";
        }
        if (!"streaming".equals(x.replicationState())) {
            return "is not streaming itself";
        }
        return null;
    }

    /**
     * Follows the tags from {@code first}, each member taken to stream from its tag when usable, until the leader, a
     * member without a usable tag, or a repeat: true when the walk comes back to {@code name}.
     */
    private static boolean chainReturnsTo(ClusterView c, String name, String first) {
        Set<String> seen = new HashSet<>();
        String current = first;
        while (current != null && seen.add(current)) {
            if (current.equals(name)) {
                return true;
            }
            String next = replicatefrom(c, current);
            current = next == null || unusable(c, current, next) != null ? null : next;
        }
        return false;
    }
}
