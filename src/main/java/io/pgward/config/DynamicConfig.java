package io.pgward.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dynamic (cluster-wide) configuration stored in etcd at {@code <prefix>config}: a typed view plus the raw map.
 *
 * @param synchronousMode "off", "on" or "quorum"
 * @param pgParameters    postgresql.parameters rendered as PostgreSQL strings (not yet validated: see
 *                        {@link EffectiveSettings#parameters})
 * @param pgHba           postgresql.pg_hba, null if unset
 * @param pgIdent         postgresql.pg_ident, null if unset
 * @param raw             the map as stored, unknown keys included
 */
public record DynamicConfig(int ttl, int loopWait, int retryTimeout, long maximumLagOnFailover, int primaryStartTimeout,
                            boolean pause, String synchronousMode, boolean synchronousModeStrict,
                            int synchronousNodeCount, boolean checkTimeline, int maxTimelinesHistory,
                            boolean usePgRewind, boolean useSlots, Map<String, String> pgParameters, List<String> pgHba,
                            List<String> pgIdent, Map<String, Object> raw) {

    public static final String SYNC_OFF = "off";
    public static final String SYNC_ON = "on";
    public static final String SYNC_QUORUM = "quorum";

    public DynamicConfig {
        pgParameters = PlainValues.unmodifiableStrings(pgParameters);
        pgHba = pgHba == null ? null : List.copyOf(pgHba);
        pgIdent = pgIdent == null ? null : List.copyOf(pgIdent);
        raw = raw == null ? Map.of() : PlainValues.unmodifiableCopy(raw);
    }

    /** ttl 30, loop_wait 10, retry_timeout 10, maximum_lag_on_failover 1048576, primary_start_timeout 300, use_slots on. */
    public static DynamicConfig defaults() {
        return fromMap(Map.of());
    }

    /** True for synchronous_mode on or quorum, outside a standby cluster (whose leader cannot be primary). */
    public boolean synchronous() {
        return !SYNC_OFF.equals(synchronousMode) && standbyCluster() == null;
    }

    /** A yes/no setting of the stored postgresql section (e.g. remove_data_directory_on_rewind_failure); null if unset or unreadable. */
    public Boolean postgresqlFlag(String key) {
        Object pg = raw.get("postgresql");
        return pg instanceof Map<?, ?> m ? PlainValues.parseBool(m.get(key)).orElse(null) : null;
    }

    /**
     * failsafe_mode: a primary that cannot reach etcd stays primary while every member of the failsafe topology
     * accepts its POST /failsafe, as in Patroni.
     */
    public boolean failsafeMode() {
        return PlainValues.parseBool(raw.get("failsafe_mode")).orElse(false);
    }

    /**
     * hold_commits_without_etcd (pgward only, default true): an asynchronous primary that no etcd member answered for
     * 2 s holds commits until etcd confirms its leader key, instead of acknowledging writes a new leader would lack.
     */
    public boolean holdCommitsWithoutEtcd() {
        return PlainValues.parseBool(raw.get("hold_commits_without_etcd")).orElse(true);
    }

    /**
     * standby_cluster: this cluster replicates from another one and its leader is a standby leader; null when the
     * section is absent or names neither host, port nor restore_command (as Patroni).
     */
    public StandbyCluster standbyCluster() {
        return StandbyCluster.fromMap(raw.get("standby_cluster"));
    }

    /** The backup section (pgBackRest), or null when there is none: then pgward manages no archiving. */
    public BackupConfig backup() {
        return BackupConfig.fromMap(raw.get("backup"));
    }

    /** member_slots_ttl: how long a departed member's replication slot is kept (default 30 minutes, as Patroni 4). */
    public long memberSlotsTtlSeconds() {
        return Durations.seconds(raw.get("member_slots_ttl")).orElse(1800L);
    }

    /** The permanent physical slots of {@code slots} (entries without {@code type: logical}), by name. */
    public List<String> permanentPhysicalSlots() {
        List<String> names = new ArrayList<>();
        if (raw.get("slots") instanceof Map<?, ?> slots) {
            for (Map.Entry<?, ?> e : slots.entrySet()) {
                boolean logical = e.getValue() instanceof Map<?, ?> spec && "logical".equals(String.valueOf(spec.get("type")));
                if (!logical) {
                    names.add(String.valueOf(e.getKey()));
                }
            }
        }
        return names;
    }

    /**
     * A lenient typed view of a map read from etcd, as Patroni reads it: "30" is 30, "true"/"on" are true,
     * synchronous_mode true is "on"; a value that cannot be read means that key's default. ttl, loop_wait and
     * retry_timeout below their minimums (20, or 8 with pgward's fast_profile; 1; 3) are raised to them, and if loop_wait + 2*retry_timeout > ttl,
     * loop_wait (then retry_timeout) is lowered until the rule holds. Unknown keys are kept in {@link #raw}.
     */
    public static DynamicConfig fromMap(Map<String, Object> raw) {
        Map<String, Object> map = raw == null ? Map.of() : raw;
        int loopWait = Math.max(DynamicValidator.MIN_LOOP_WAIT, integer(map.get("loop_wait"), 10));
        int retryTimeout = Math.max(DynamicValidator.MIN_RETRY_TIMEOUT, integer(map.get("retry_timeout"), 10));
        int minTtl = bool(map.get("fast_profile"), false) ? DynamicValidator.FAST_PROFILE_MIN_TTL
                : DynamicValidator.MIN_TTL;
        int ttl = Math.max(minTtl, integer(map.get("ttl"), 30));
        if (DynamicValidator.MIN_LOOP_WAIT + 2 * retryTimeout > ttl) {
            loopWait = DynamicValidator.MIN_LOOP_WAIT;
            retryTimeout = (ttl - DynamicValidator.MIN_LOOP_WAIT) / 2;
        } else if (loopWait + 2 * retryTimeout > ttl) {
            loopWait = ttl - 2 * retryTimeout;
        }
        long maxLag = PlainValues.parseLong(map.get("maximum_lag_on_failover")).orElse(1048576L);
        Object startTimeout = map.containsKey("primary_start_timeout") ? map.get("primary_start_timeout")
                : map.get("master_start_timeout");
        Map<String, Object> pg = map.get("postgresql") instanceof Map<?, ?> m ? cast(m) : Map.of();
        return new DynamicConfig(ttl, loopWait, retryTimeout, maxLag, Math.max(0, integer(startTimeout, 300)),
                bool(map.get("pause"), false), synchronousMode(map.get("synchronous_mode")),
                bool(map.get("synchronous_mode_strict"), false),
                Math.max(1, integer(map.get("synchronous_node_count"), 1)), bool(map.get("check_timeline"), false),
                Math.max(0, integer(map.get("max_timelines_history"), 0)), bool(pg.get("use_pg_rewind"), false),
                bool(pg.get("use_slots"), true), parameters(pg.get("parameters")), lines(pg.get("pg_hba")),
                lines(pg.get("pg_ident")), map);
    }

    /**
     * Strict validation with the rules of the file's bootstrap.dcs: types, minimums (ttl >= 20, loop_wait >= 1,
     * retry_timeout >= 3), loop_wait + 2*retry_timeout <= ttl, pg_hba lines, parameters, unknown keys.
     *
     * @param pathPrefix prefix of the reported paths, e.g. "bootstrap.dcs", or "" for a PATCH body
     * @return the problems (line 0: a map has no lines), empty if the map is valid
     */
    public static List<Problem> validate(Map<String, Object> raw, String sourceName, String pathPrefix) {
        Problems problems = new Problems();
        String prefix = pathPrefix == null ? "" : pathPrefix;
        YNode.Mapping tree = (YNode.Mapping) YNode.fromPlain(raw == null ? Map.of() : raw, YNode.Origin.of(sourceName, 0));
        Placement placement = prefix.equals("bootstrap.dcs") ? Placement.FILE : Placement.dynamic(prefix);
        DynamicValidator.validate(Section.root(tree, prefix, problems, placement));
        return problems.sorted();
    }

    private static int integer(Object value, int defaultValue) {
        return PlainValues.parseLong(value).filter(n -> n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE)
                .map(Long::intValue).orElse(defaultValue);
    }

    private static boolean bool(Object value, boolean defaultValue) {
        return PlainValues.parseBool(value).orElse(defaultValue);
    }

    private static String synchronousMode(Object value) {
        if (value instanceof String s && s.strip().toLowerCase(Locale.ROOT).equals(SYNC_QUORUM)) {
            return SYNC_QUORUM;
        }
        return PlainValues.parseBool(value).map(b -> b ? SYNC_ON : SYNC_OFF).orElse(SYNC_OFF);
    }

    private static Map<String, String> parameters(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                    result.put(String.valueOf(k), PlainValues.guc(v));
                }
            });
        }
        return result;
    }

    private static List<String> lines(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<String> result = new ArrayList<>();
        for (Object line : list) {
            if (line instanceof String s) {
                result.add(s);
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
