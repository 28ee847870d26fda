package io.pgward.dcs;

/** Patroni's key names under {@code /<namespace>/<scope>/}. */
public record KeyLayout(String prefix) {
    public static final String LEADER = "leader";
    public static final String INITIALIZE = "initialize";
    public static final String CONFIG = "config";
    public static final String STATUS = "status";
    public static final String HISTORY = "history";
    public static final String FAILOVER = "failover";
    public static final String SYNC = "sync";
    public static final String MEMBERS = "members/";
    public static final String FAILSAFE = "failsafe";
    /** pgward's own: the slots of scheduled backups already taken (Patroni has no such key and ignores it). */
    public static final String BACKUP_SCHEDULE = "backup_schedule";
    /** pgward's own: an operator's in-place restore of the cluster and its progress. */
    public static final String RESTORE = "restore";

    public KeyLayout {
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    public String leader() { return prefix + LEADER; }
    public String initialize() { return prefix + INITIALIZE; }
    public String config() { return prefix + CONFIG; }
    public String status() { return prefix + STATUS; }
    public String history() { return prefix + HISTORY; }
    public String failover() { return prefix + FAILOVER; }
    public String sync() { return prefix + SYNC; }
    public String member(String name) { return prefix + MEMBERS + name; }
    public String failsafe() { return prefix + FAILSAFE; }
    public String backupSchedule() { return prefix + BACKUP_SCHEDULE; }
    public String restore() { return prefix + RESTORE; }
}
