package io.pgward.agent;

import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.ha.SwitchoverCandidates;
import io.pgward.postgres.ControlData;
import io.pgward.postgres.Lsn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a leader does between stopping PostgreSQL for a clean shutdown of the agent (SIGTERM, {@code systemctl stop})
 * and releasing its leader key. Like a switchover without a named candidate: once a replica has received the whole
 * WAL (up to the shutdown checkpoint), the checkpoint is published as the last leader position together with a
 * switchover request away from this node, so that for one ttl only a replica with everything the primary
 * acknowledged takes over. Without such a replica only the position is published, and replicas race within
 * maximum_lag_on_failover as after a crash.
 */
final class ShutdownHandOver {

    private static final Logger log = LoggerFactory.getLogger(ShutdownHandOver.class);
    /** A fast shutdown already waits for connected standbys to flush the last WAL: this only confirms it. */
    private static final Duration CONFIRM_WAIT = Duration.ofSeconds(5);

    private final NodeContext ctx;

    ShutdownHandOver(NodeContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Called with PostgreSQL stopped, before the leader key is released; {@code lastSeen} is the loop's last view of
     * the cluster, used when etcd cannot be read now (members' states may have changed since).
     */
    void publish(ClusterView lastSeen) {
        ClusterView view = freshOr(lastSeen);
        ControlData cd = ctx.postgres.controlData().orElse(null);
        if (cd == null || !cd.primaryShutDownCleanly()) {
            log.warn("PostgreSQL did not shut down cleanly, so the end of its WAL is not known: releasing the leader"
                    + " key without a hand-over");
            return;
        }
        long checkpoint = cd.checkpointLocation();
        List<Member> candidates = SwitchoverCandidates.of(view, ctx.name(), null);
        String confirmed = null;
        String why;
        if (candidates.isEmpty()) {
            why = "no replica qualifies to take over" + notQualified(view);
        } else {
            CheckpointReceipt receipt = new CheckpointReceipt(ctx.config.postgresql().authentication().superuser());
            confirmed = receipt.awaitAny(candidates, checkpoint, CONFIRM_WAIT, () -> { });
            why = "no replica confirmed it received my WAL up to the shutdown checkpoint within "
                    + CONFIRM_WAIT.toSeconds() + "s (" + receipt.lastAnswers() + ")";
        }
        try {
            ctx.dcs.writeStatus(WireFormat.write(Map.of("optime", checkpoint)));
            if (confirmed == null) {
                log.warn("{}: published the shutdown checkpoint at {} and releasing the leader key; replicas race"
                        + " within maximum_lag_on_failover", why, Lsn.format(checkpoint));
                return;
            }
            ctx.dcs.writeFailover(WireFormat.write(Map.of("leader", ctx.name())));
            log.info("{} has received everything up to the shutdown checkpoint at {}: handing over, only a replica"
                    + " with all my WAL may take the leader key", confirmed, Lsn.format(checkpoint));
        } catch (RuntimeException e) {
            log.warn("could not publish the hand-over in etcd: {}", e.getMessage());
        }
    }

    private String notQualified(ClusterView view) {
        String reasons = view.members().stream()
                .filter(m -> !m.name().equals(ctx.name()))
                .map(m -> SwitchoverCandidates.whyNot(view, m).orElse(m.name() + " qualifies"))
                .collect(Collectors.joining("; "));
        return reasons.isEmpty() ? "" : " (" + reasons + ")";
    }

    private ClusterView freshOr(ClusterView lastSeen) {
        try {
            return ctx.dcs.read();
        } catch (RuntimeException e) {
            return lastSeen;
        }
    }
}
