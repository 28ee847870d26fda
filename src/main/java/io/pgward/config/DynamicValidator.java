package io.pgward.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Strict checks of a dynamic (cluster-wide) configuration: bootstrap.dcs in a file, or a /config body.
 * Patroni silently adjusts or drops what is wrong here; pgward refuses it before it reaches every node.
 */
final class DynamicValidator {

    static final int MIN_TTL = 20;
    /** ttl's minimum with {@code fast_profile: true}: loop_wait 1 + 2 * retry_timeout 3 leaves one second of lease. */
    static final int FAST_PROFILE_MIN_TTL = 8;
    static final int MIN_LOOP_WAIT = 1;
    static final int MIN_RETRY_TIMEOUT = 3;
    private static final List<String> LOCAL_ONLY = List.of("connect_address", "proxy_address", "listen",
            "config_dir", "data_dir", "pgpass", "authentication");

    private DynamicValidator() {
    }

    static void validate(Section dcs) {
        boolean fast = Boolean.TRUE.equals(dcs.bool("fast_profile"));
        Long ttl = ttl(dcs, fast);
        Long loopWait = dcs.integer("loop_wait", MIN_LOOP_WAIT, Integer.MAX_VALUE);
        Long retryTimeout = dcs.integer("retry_timeout", MIN_RETRY_TIMEOUT, Integer.MAX_VALUE);
        checkTiming(dcs, ttl, loopWait, retryTimeout);
        dcs.integer("maximum_lag_on_failover", 0, Long.MAX_VALUE);
        dcs.integer("maximum_lag_on_syncnode", -1, Long.MAX_VALUE);
        for (String key : List.of("primary_start_timeout", "primary_stop_timeout",
                "master_start_timeout", "master_stop_timeout", "max_timelines_history")) {
            dcs.integer(key, 0, Integer.MAX_VALUE);
        }
        dcs.integer("synchronous_node_count", 1, Integer.MAX_VALUE);
        for (String key : List.of("check_timeline", "synchronous_mode_strict", "pause")) {
            dcs.bool(key);
        }
        if (Boolean.TRUE.equals(dcs.bool("check_timeline"))) {
            dcs.warning("check_timeline", "check_timeline is accepted for compatibility, not used by pgward: a"
                    + " replica's timeline is not compared with the cluster's before it races (its WAL position and,"
                    + " after a switchover, the old primary's last position are)");
        }
        Long raceBackoff = dcs.integer("primary_race_backoff", 0, Integer.MAX_VALUE);
        if (raceBackoff != null && raceBackoff > 0) {
            dcs.warning("primary_race_backoff", "primary_race_backoff is accepted for compatibility, not used by"
                    + " pgward: a running primary without the key takes it back at once");
        }
        dcs.bool("failsafe_mode");
        dcs.bool("hold_commits_without_etcd");
        synchronousMode(dcs);
        memberSlotsTtl(dcs);
        for (String key : List.of("slots", "permanent_slots", "permanent_replication_slots")) {
            refuseLogicalSlots(dcs, key);
        }
        ignoreSlots(dcs);
        standbyCluster(dcs);
        postgresql(dcs.section("postgresql"));
        BackupValidator.validate(dcs);
        dcs.finish();
    }

    /**
     * ttl, at least Patroni's 20 unless the pgward-only {@code fast_profile} opts in to a shorter lease (warned: a
     * Patroni node in the same cluster would raise it to 20 and disagree on when the lease runs out).
     */
    private static Long ttl(Section dcs, boolean fast) {
        YNode node = dcs.node("ttl");
        Long asGiven = node instanceof YNode.Scalar s ? PlainValues.parseLong(s.value()).orElse(null) : null;
        if (!fast && asGiven != null && asGiven >= FAST_PROFILE_MIN_TTL && asGiven < MIN_TTL) {
            dcs.error("ttl", "must be at least " + MIN_TTL + " (Patroni's minimum), found " + asGiven + "; a shorter"
                    + " lease needs the opt-in fast_profile: true (pgward only)");
            return null;
        }
        Long ttl = dcs.integer("ttl", fast ? FAST_PROFILE_MIN_TTL : MIN_TTL, Integer.MAX_VALUE);
        if (fast && ttl != null && ttl < MIN_TTL) {
            dcs.warning("ttl", "ttl " + ttl + " is below Patroni's minimum of " + MIN_TTL + ", accepted because"
                    + " fast_profile is on: the fence stops a primary at its lease deadline even when its agent hangs."
                    + " Patroni would refuse it (and raise it to " + MIN_TTL + "): do not run Patroni nodes in this"
                    + " cluster, and expect a primary to step down after a shorter etcd outage");
        }
        return ttl;
    }

    private static void checkTiming(Section dcs, Long ttl, Long loopWait, Long retryTimeout) {
        DynamicConfig defaults = DynamicConfig.defaults();
        long t = ttl == null ? defaults.ttl() : ttl;
        long l = loopWait == null ? defaults.loopWait() : loopWait;
        long r = retryTimeout == null ? defaults.retryTimeout() : retryTimeout;
        boolean allValid = (ttl != null || !dcs.has("ttl")) && (loopWait != null || !dcs.has("loop_wait"))
                && (retryTimeout != null || !dcs.has("retry_timeout"));
        if (allValid && l + 2 * r > t) {
            dcs.problems().error(dcs.origin(), dcs.path(), "loop_wait (" + l + ") + 2 * retry_timeout (" + r + ") = "
                    + (l + 2 * r) + " exceeds ttl (" + t + "): the rule loop_wait + 2*retry_timeout <= ttl lets a primary "
                    + "that loses etcd demote before its leader lease expires; lower loop_wait or retry_timeout, or raise ttl");
        }
    }

    private static void synchronousMode(Section dcs) {
        YNode node = dcs.node("synchronous_mode");
        if (node == null) {
            return;
        }
        Object value = node instanceof YNode.Scalar s ? s.value() : null;
        boolean quorum = value instanceof String str && str.strip().toLowerCase(Locale.ROOT).equals("quorum");
        if (quorum) {
            dcs.error("synchronous_mode", NotImplemented.QUORUM);
        } else if (PlainValues.parseBool(value).isEmpty()) {
            dcs.error("synchronous_mode", "expected on, off or quorum, found " + YNode.describe(node));
        }
    }

    private static void memberSlotsTtl(Section dcs) {
        YNode node = dcs.node("member_slots_ttl");
        if (node == null) {
            return;
        }
        if (!(node instanceof YNode.Scalar s) || Durations.seconds(s.value()).isEmpty()) {
            dcs.error("member_slots_ttl", "expected a duration such as 1800, 30min or 2h, found " + YNode.describe(node));
        }
    }

    private static void ignoreSlots(Section dcs) {
        YNode node = dcs.node("ignore_slots");
        if (node == null) {
            return;
        }
        if (!(node instanceof YNode.Sequence seq)) {
            dcs.error("ignore_slots", "expected a list of slot matchers ({name, type, database, plugin}), found "
                    + YNode.describe(node));
            return;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            if (!(item instanceof YNode.Mapping m)) {
                dcs.problems().error(item.origin(), dcs.path("ignore_slots") + "[" + i + "]",
                        "expected a mapping with name, type, database or plugin, found " + YNode.describe(item));
                continue;
            }
            Section matcher = Section.root(m, dcs.path("ignore_slots") + "[" + i + "]", dcs.problems(), dcs.placement());
            matcher.string("name");
            matcher.oneOf("type", true, List.of("physical", "logical"));
            matcher.string("database");
            matcher.string("plugin");
            matcher.finish();
        }
    }

    private static void refuseLogicalSlots(Section dcs, String key) {
        Map<String, Object> slots = dcs.anyMapping(key);
        if (slots == null) {
            return;
        }
        for (Map.Entry<String, Object> slot : slots.entrySet()) {
            if (slot.getValue() instanceof Map<?, ?> m && "logical".equals(String.valueOf(m.get("type")))) {
                dcs.problems().error(dcs.node(key).origin(), dcs.path(key) + "." + slot.getKey(),
                        NotImplemented.LOGICAL_SLOT);
            }
        }
    }

    /**
     * Patroni's standby_cluster keys. A section that names neither host, port nor restore_command would be ignored
     * by Patroni (the cluster would bootstrap its own primary), so it is refused unless it is empty.
     */
    private static void standbyCluster(Section dcs) {
        Section s = dcs.section("standby_cluster");
        String host = s.string("host");
        Long port = s.integer("port", 1, 65535);
        s.string("primary_slot_name");
        List<String> methods = s.strings("create_replica_methods");
        String restore = s.string("restore_command");
        s.string("archive_cleanup_command");
        s.string("recovery_min_apply_delay");
        s.finish();
        boolean filled = s.mapping() != null && !s.mapping().entries().isEmpty();
        if (filled && host == null && port == null && restore == null && !s.has("host") && !s.has("port")
                && !s.has("restore_command")) {
            s.problems().error(s.origin(), s.path(), "standby_cluster needs host (and port) of the remote primary,"
                    + " or a restore_command: without them it is not a standby cluster and its first node would"
                    + " bootstrap an independent primary");
        }
        if (methods != null && methods.isEmpty()) {
            s.error("create_replica_methods", "is empty: list basebackup or a method of postgresql"
                    + ".create_replica_methods, or leave the key out (basebackup)");
        }
        if ((host != null || port != null || restore != null) && Boolean.TRUE.equals(PlainValues.parseBool(scalar(dcs, "synchronous_mode")).orElse(null))) {
            dcs.warning("synchronous_mode", "synchronous_mode is not used in a standby cluster (its leader is not a"
                    + " primary), as in Patroni");
        }
    }

    private static Object scalar(Section dcs, String key) {
        return dcs.node(key) instanceof YNode.Scalar sc ? sc.value() : null;
    }

    private static void postgresql(Section pg) {
        pg.bool("use_pg_rewind");
        pg.bool("use_slots");
        pg.bool("use_unix_socket");
        pg.bool("use_unix_socket_repl");
        pg.bool("remove_data_directory_on_rewind_failure");
        pg.bool("remove_data_directory_on_diverged_timelines");
        pg.integer("pg_ctl_timeout", 0, Integer.MAX_VALUE);
        pg.strings("create_replica_methods");
        pg.anyMapping("recovery_conf");
        ToolOptions.BASEBACKUP.read(pg, "basebackup");
        ToolOptions.REWIND.read(pg, "rewind");
        for (String suffix : List.of("", "_primary", "_replica", "_standby_leader")) {
            ParametersReader.read(pg, "parameters" + suffix, true);
            HbaListReader.read(pg, "pg_hba" + suffix);
            HbaListReader.read(pg, "pg_ident" + suffix);
            if (!suffix.isEmpty()) {
                for (String key : List.of("parameters", "pg_hba", "pg_ident")) {
                    pg.unused(key + suffix, "postgresql." + key + " is used in every role");
                }
            }
        }
        pg.unused("recovery_conf", "its settings are not written; use restore_command etc. in parameters");
        for (String key : LOCAL_ONLY) {
            pg.misplaced(key, key + " is node-local: Patroni drops it from the dynamic configuration; set it in "
                    + "each node's postgresql section");
        }
        pg.finish();
    }
}
