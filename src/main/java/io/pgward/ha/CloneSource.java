package io.pgward.ha;

import java.util.List;

/**
 * Which member a new replica copies its data from (Patroni's {@code clonefrom} tag); pure. A running member other
 * than this one, tagged {@code clonefrom: true}, with an address, that is the leader or streams itself, is a
 * candidate; one is picked by {@code seed} (the caller passes something that varies, so that new replicas spread
 * over the candidates as Patroni's random pick does). Without candidates: the leader.
 */
public final class CloneSource {

    private CloneSource() {}

    /** The member to clone from, null when the cluster has no leader and no candidate. */
    public static String choose(ClusterView c, String me, long seed) {
        List<Member> candidates = candidates(c, me);
        if (candidates.isEmpty()) {
            return c.leaderMember().filter(m -> m.connUrl() != null).map(Member::name).orElse(null);
        }
        return candidates.get((int) Math.floorMod(seed, (long) candidates.size())).name();
    }

    static List<Member> candidates(ClusterView c, String me) {
        return c.members().stream()
                .filter(m -> !m.name().equals(me) && Boolean.TRUE.equals(m.tags().get("clonefrom")))
                .filter(m -> m.isRunning() && m.connUrl() != null)
                .filter(m -> c.isLeader(m.name()) || "streaming".equals(m.replicationState()))
                .toList();
    }
}
