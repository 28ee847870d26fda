package io.pgward.api;

import io.pgward.ha.ClusterView;
import io.pgward.ha.LocalState;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Patroni's health-check rules (docs/patroni-compatibility.md §4): which paths answer 200 on this node now; pure. */
final class HealthChecks {

    private HealthChecks() {}

    /** The checks a load balancer routes by: never answered 200 from a snapshot older than the lease. */
    private static final java.util.Set<String> ROUTING = java.util.Set.of("/", "/primary", "/master", "/read-write",
            "/leader", "/synchronous", "/sync", "/replica", "/read-only", "/read-only-sync", "/read-only-synchronous",
            "/asynchronous", "/async", "/readiness", "/standby-leader", "/standby_leader");

    /**
     * The HA loop has not started a cycle for longer than a leader's lease lasts without renewal (ttl minus the
     * fence's margin): whatever the snapshot says about this node's role may no longer be true (a primary's fence
     * is about to stop it, or already did), so routing checks answer 503. pgward's addition: Patroni answers from its
     * cached view however old it is.
     */
    static boolean stale(NodeSnapshot s, Instant now) {
        if (s.lastCycle() == null) {
            return true;
        }
        long ttl = s.cluster() == null ? 30 : s.cluster().config().ttl();
        long allowedMillis = ttl * 1000 - Math.max(2000, ttl * 1000 / 6);
        return Duration.between(s.lastCycle(), now).toMillis() > allowedMillis;
    }

    /** Returns 200 or 503 for a health path, or empty when {@code path} is not a health check. */
    static Optional<Integer> status(String path, Map<String, String> query, NodeSnapshot s, String me,
                                    Map<String, Object> tags, Instant now) {
        boolean ok;
        if (ROUTING.contains(path) && stale(s, now)) {
            return Optional.of(503);
        }
        switch (path) {
            case "/", "/primary", "/master", "/read-write" -> ok = isPrimaryLeader(s, me);
            case "/leader" -> ok = isPrimaryLeader(s, me) || isStandbyLeader(s, me);
            case "/standby-leader", "/standby_leader" -> ok = isStandbyLeader(s, me);
            case "/quorum", "/read-only-quorum" -> ok = false;
            case "/synchronous", "/sync" -> ok = isPassingReplica(query, s, tags) && isSyncStandby(s, me);
            case "/replica" -> ok = isPassingReplica(query, s, tags) && !isStandbyLeader(s, me);
            case "/read-only" -> ok = isPrimaryLeader(s, me) || isStandbyLeader(s, me)
                    || isPassingReplica(query, s, tags);
            case "/read-only-sync", "/read-only-synchronous" -> ok = isPrimaryLeader(s, me) || isStandbyLeader(s, me)
                    || isPassingReplica(query, s, tags) && isSyncStandby(s, me);
            case "/asynchronous", "/async" -> ok = isPassingReplica(query, s, tags) && !isSyncStandby(s, me)
                    && !isStandbyLeader(s, me);
            case "/health" -> ok = "running".equals(s.state()) && s.local().pg() == LocalState.PgState.RUNNING;
            case "/liveness" -> ok = live(s, me, now);
            case "/readiness" -> ok = ready(query, s, me);
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(ok ? 200 : 503);
    }

    static boolean isSyncStandby(NodeSnapshot s, String me) {
        return s.cluster() != null && s.cluster().config().synchronous() && s.cluster().sync().isSyncStandby(me);
    }

    static boolean holdsLock(NodeSnapshot s, String me) {
        return s.cluster() != null && s.cluster().isLeader(me);
    }

    static boolean isPrimaryLeader(NodeSnapshot s, String me) {
        return holdsLock(s, me) && s.local().runningAsPrimary();
    }

    /** The leader of a standby cluster, its PostgreSQL running in recovery (Patroni's standby_leader). */
    static boolean isStandbyLeader(NodeSnapshot s, String me) {
        return s.local().runningAsReplica() && io.pgward.ha.Roles.isStandbyLeader(s.cluster(), me, s.local());
    }

    static boolean isPassingReplica(Map<String, String> query, NodeSnapshot s, Map<String, Object> tags) {
        if (!s.local().runningAsReplica() || !"running".equals(s.state())) {
            return false;
        }
        if (truthy(tags.get("noloadbalance"))) {
            return false;
        }
        String lag = query.get("lag");
        if (lag != null) {
            long max = Sizes.parseBytes(lag);
            if (max < 0 || lag(s) > max) {
                return false;
            }
        }
        String state = query.get("replication_state");
        if (state != null && !state.equals(s.local().streaming() ? "streaming" : "in archive recovery")) {
            return false;
        }
        for (var e : query.entrySet()) {
            if (e.getKey().startsWith("tag_")) {
                Object actual = tags.get(e.getKey().substring(4));
                if (actual == null || !String.valueOf(actual).equalsIgnoreCase(e.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bytes this replica is behind the leader's last published position. */
    static long lag(NodeSnapshot s) {
        ClusterView c = s.cluster();
        if (c == null || c.statusOptime() == 0) {
            return 0;
        }
        return Math.max(0, c.statusOptime() - s.local().walPosition());
    }

    private static boolean live(NodeSnapshot s, String me, Instant now) {
        if (s.cluster() != null && s.cluster().config().pause()) {
            return true;
        }
        int ttl = s.cluster() == null ? 30 : s.cluster().config().ttl();
        Duration allowed = Duration.ofSeconds(holdsLock(s, me) ? ttl : 2L * ttl);
        return s.lastCycle() != null && Duration.between(s.lastCycle(), now).compareTo(allowed) <= 0;
    }

    private static boolean ready(Map<String, String> query, NodeSnapshot s, String me) {
        if (isPrimaryLeader(s, me) || isStandbyLeader(s, me)) {
            return true;
        }
        if (!s.local().runningAsReplica() || !s.local().streaming()) {
            return false;
        }
        long max = query.containsKey("lag") ? Sizes.parseBytes(query.get("lag"))
                : s.cluster() == null ? 1048576 : s.cluster().config().maximumLagOnFailover();
        return max >= 0 && lag(s) <= max;
    }

    static boolean truthy(Object v) {
        return v != null && (Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(String.valueOf(v)));
    }
}
