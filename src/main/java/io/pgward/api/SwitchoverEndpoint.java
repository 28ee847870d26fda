package io.pgward.api;

import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import io.pgward.ha.SwitchoverCandidates;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code POST /switchover}, {@code POST /failover}, {@code DELETE /switchover} with Patroni's checks and codes. */
final class SwitchoverEndpoint {

    private final Operations ops;
    private final Supplier<Instant> clock;

    SwitchoverEndpoint(Operations ops, Supplier<Instant> clock) {
        this.ops = ops;
        this.clock = clock;
    }

    Reply post(Map<String, Object> body, boolean failover) {
        String leader = text(body.get("leader"));
        String candidate = text(body.get("candidate"));
        String scheduled = text(body.get("scheduled_at"));
        if (!failover && leader == null) {
            return Reply.error(400, "Switchover could be performed only from a specific leader");
        }
        if (failover && candidate == null) {
            return Reply.error(400, "Failover could be performed only to a specific candidate");
        }
        if (leader != null && leader.equals(candidate)) {
            return Reply.error(400, "Switchover target and source are the same");
        }
        if (failover && scheduled != null) {
            return Reply.error(400, "Failover can't be scheduled");
        }
        ClusterView c = ops.readCluster();
        Instant at = null;
        if (scheduled != null && !scheduled.equalsIgnoreCase("now")) {
            ScheduleTime when = ScheduleTime.parse(scheduled, "switchover", clock.get());
            if (when.error() != null) {
                return when.error();
            }
            at = when.at();
            if (c.config().pause()) {
                return Reply.error(400, "Can't schedule switchover in the paused state");
            }
        }
        if (leader != null && !leader.equals(c.leader())) {
            return Reply.error(412, "leader name does not match: the leader is "
                    + (c.leader() == null ? "nobody (the cluster has no leader)" : c.leader()));
        }
        Reply refused = candidate != null ? refusedCandidate(c, candidate) : refusedWithoutCandidate(c, failover);
        if (refused != null) {
            return refused;
        }
        if (!failover && c.config().pause() && candidate == null) {
            return Reply.error(400, "Switchover is possible only to a specific candidate in a paused state");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        if (leader != null) {
            request.put("leader", leader);
        }
        if (candidate != null) {
            request.put("member", candidate);
        }
        if (at != null) {
            request.put("scheduled_at", scheduled);
        }
        ops.writeFailover(request);
        ops.wakeup();
        if (at != null) {
            return new Reply(202, "Switchover scheduled");
        }
        return awaitNewLeader(c, candidate, failover);
    }

    private static Reply refusedCandidate(ClusterView c, String candidate) {
        Member m = c.member(candidate).orElse(null);
        if (m == null) {
            return Reply.error(412, "candidate " + candidate + " is not a member of the cluster");
        }
        if (c.leader() == null) {
            // a failover without a leader: the operator's named choice, refused only when it cannot run
            return m.isRunning() ? null
                    : Reply.error(412, "candidate " + candidate + " is not running (state: " + m.state() + ")");
        }
        return SwitchoverCandidates.whyNot(c, m).map(why -> Reply.error(412, "candidate " + why)).orElse(null);
    }

    private static Reply refusedWithoutCandidate(ClusterView c, boolean failover) {
        if (!SwitchoverCandidates.of(c, c.leader(), null).isEmpty()) {
            return null;
        }
        String action = failover ? "failover" : "switchover";
        return Reply.error(412, c.config().synchronous()
                ? action + " is not possible: can not find sync_standby (synchronous_mode is on and no synchronous"
                        + " standby is running)"
                : "No candidates found to " + action + " to");
    }

    private Reply awaitNewLeader(ClusterView before, String candidate, boolean failover) {
        long waitSeconds = 2L * Math.max(10, before.config().loopWait()) + before.config().ttl();
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            ClusterView now = ops.readCluster();
            String leader = now.leader();
            boolean primaryNow = leader != null && now.member(leader).map(Member::isPrimaryRole).orElse(false);
            if (leader != null && !leader.equals(before.leader()) && primaryNow
                    && (candidate == null || candidate.equals(leader))) {
                return Reply.ok("Successfully " + (failover ? "failed over" : "switched over") + " to \"" + leader + "\"");
            }
            if (now.failover() == null && leader != null && leader.equals(before.leader())) {
                return Reply.error(503, (failover ? "Failover" : "Switchover") + " failed: the leader " + leader
                        + " dropped the request and stays primary (no candidate streamed from it, or none confirmed"
                        + " it had received all its WAL); its log says which");
            }
            sleep(200);
        }
        return Reply.error(503, (failover ? "Failover" : "Switchover") + " status unknown: no new leader within "
                + waitSeconds + "s; check 'pgward list'");
    }

    Reply delete() {
        ClusterView c = ops.readCluster();
        if (c.failover() == null || c.failover().scheduledAt() == null) {
            return Reply.error(404, "No scheduled switchover");
        }
        ops.deleteFailover();
        return Reply.ok("scheduled switchover deleted");
    }

    private static String text(Object o) {
        return o == null || o.toString().isBlank() ? null : o.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
