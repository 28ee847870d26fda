package io.pgward.agent;

import java.util.List;

/**
 * Whether a node's data diverged from the new leader's history and needs pg_rewind (PATRONI-COMPAT.md §3.9); pure.
 * A node on timeline {@code myTimeline} whose WAL ends at {@code myEnd} diverged if the leader's history ended
 * that timeline at a switch point before {@code myEnd}, or if the leader never had that timeline.
 */
final class RewindCheck {

    /** One line of a timeline history file: {@code timeline} ended at {@code switchLsn}. */
    record TimelineSwitch(int timeline, long switchLsn) {}

    private RewindCheck() {}

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
