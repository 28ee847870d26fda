package io.pgward.ha;

import java.util.List;
import java.util.Optional;

/**
 * Who may take over from a running leader in a switchover, as the REST API (before writing the request) and the
 * leader (before stopping) both judge it; pure.
 *
 * <p>In synchronous mode only a synchronous standby (listed in the {@code sync} key) qualifies: any other replica
 * may lack acknowledged commits, and the cluster would refuse to let it take the key anyway, leaving the switchover
 * to time out with the old leader taking its key back. Patroni applies the same rule.
 */
public final class SwitchoverCandidates {

    private SwitchoverCandidates() {}

    /** The members that qualify, in cluster order; only {@code requested} (when not null) is considered. */
    public static List<Member> of(ClusterView c, String leader, String requested) {
        return c.members().stream()
                .filter(m -> !m.name().equals(leader))
                .filter(m -> requested == null || requested.equals(m.name()))
                .filter(m -> whyNot(c, m).isEmpty())
                .toList();
    }

    /** Why {@code m} cannot take over from the running leader, or empty when it can. */
    public static Optional<String> whyNot(ClusterView c, Member m) {
        if (!m.isRunning()) {
            return Optional.of(m.name() + " is not running (state: " + m.state() + ")");
        }
        if (m.isPrimaryRole()) {
            return Optional.of(m.name() + " is not a replica");
        }
        if (m.nofailover()) {
            return Optional.of(m.name() + " is tagged nofailover");
        }
        if (c.config().synchronous() && !c.sync().isSyncStandby(m.name())) {
            return Optional.of(m.name() + " is not a synchronous standby (synchronous_mode is on; sync standbys: "
                    + (c.sync().standbys().isEmpty() ? "none" : String.join(", ", c.sync().standbys())) + ")");
        }
        return Optional.empty();
    }
}
