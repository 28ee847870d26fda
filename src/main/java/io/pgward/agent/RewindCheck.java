package io.pgward.agent;

import io.pgward.postgres.PgClient.TimelineHistory;

import java.util.List;

/**
 * Whether a node's data diverged from the new leader's history and needs pg_rewind (docs/patroni-compatibility.md §3.9); pure.
 * A node on timeline {@code myTimeline} whose WAL ends at {@code myEnd} diverged if the leader's history ended
 * that timeline at a switch point before {@code myEnd}, or if the leader never had that timeline.
 */
final class RewindCheck {

    /** One line of a timeline history file: {@code timeline} ended at {@code switchLsn}. */
    record TimelineSwitch(int timeline, long switchLsn) {}

    /** Whether a node can stream from the leader as it is, must rewind first, or cannot tell yet. */
    enum Verdict {
        CAN_FOLLOW,
        DIVERGED,
        /** The leader's timeline could not be read, or the leader is still in recovery (promoting): ask again later. */
        UNKNOWN
    }

    private RewindCheck() {}

    /**
     * Fails closed: a leader whose timeline is unknown (null) or that is still in recovery gives {@link Verdict#UNKNOWN},
     * never "can follow", because a promotion about to end forks a new timeline at a point this node may be past.
     */
    static Verdict verdict(int myTimeline, long myEnd, String myHistory, TimelineHistory leader) {
        if (leader == null || leader.inRecovery()) {
            return Verdict.UNKNOWN;
        }
        List<TimelineSwitch> theirs = parseHistory(leader.history());
        if (myHistory != null && !sharesMyPast(parseHistory(myHistory), theirs)) {
            return Verdict.DIVERGED;
        }
        return needsRewind(myTimeline, myEnd, leader.timeline(), theirs) ? Verdict.DIVERGED : Verdict.CAN_FOLLOW;
    }

    /**
     * Every timeline switch in my history must be in the leader's, at the same point: the same timeline number
     * reached by another fork (two nodes promoted on their own) is another timeline, whatever its number.
     */
    static boolean sharesMyPast(List<TimelineSwitch> mine, List<TimelineSwitch> theirs) {
        return theirs.containsAll(mine);
    }

    static boolean needsRewind(int myTimeline, long myEnd, int leaderTimeline, List<TimelineSwitch> leaderHistory) {
        if (myTimeline == leaderTimeline) {
            return false;
        }
        if (myTimeline > leaderTimeline) {
            return true;
        }
        for (TimelineSwitch s : leaderHistory) {
            if (s.timeline() == myTimeline) {
                return myEnd > s.switchLsn();
            }
        }
        return true;
    }

    /** Parses a {@code 0000000N.history} file: lines "timeline<TAB>X/Y<TAB>reason". */
    static List<TimelineSwitch> parseHistory(String content) {
        return content.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+"))
                .filter(f -> f.length >= 2)
                .map(f -> new TimelineSwitch(Integer.parseInt(f[0]), io.pgward.postgres.Lsn.parse(f[1])))
                .toList();
    }
}
