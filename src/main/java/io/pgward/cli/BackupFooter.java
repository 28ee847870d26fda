package io.pgward.cli;

import io.pgward.ha.BackupHealth;
import io.pgward.ha.BackupHealth.Type;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The line under {@code pgward list}'s table about backups, from the leader's member key (pure). */
final class BackupFooter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private BackupFooter() {}

    /** Empty when the cluster has no backup section or no leader. */
    static Optional<String> line(ClusterView view, Instant now) {
        if (!view.config().raw().containsKey("backup") || !view.hasLeader()) {
            return Optional.empty();
        }
        BackupHealth h = view.leaderMember().map(Member::backup).orElse(null);
        if (h == null) {
            return Optional.of("Backups: not checked yet by the leader");
        }
        StringBuilder out = new StringBuilder();
        BackupHealth.Backup full = h.last().get(Type.FULL);
        if (!h.backupsKnown()) {
            out.append("Backups: unknown");
        } else if (full == null) {
            out.append("No full backup");
        } else {
            out.append("Last full backup: ").append(when(full, now));
        }
        newerThanFull(h).ifPresent(t -> out.append("; last ").append(t.wire()).append(": ")
                .append(when(h.last().get(t), now)));
        out.append(h.reachable() ? ", repository reachable" : ", repository UNREACHABLE: " + h.error());
        if (h.staleAt(now)) {
            out.append(" (checked ").append(ago(Duration.between(h.checkedAt(), now))).append(" by ")
                    .append(h.checkedBy()).append(')');
        }
        return Optional.of(out.toString());
    }

    /** The newest differential or incremental backup, when it ended after the newest full one. */
    private static Optional<Type> newerThanFull(BackupHealth h) {
        BackupHealth.Backup full = h.last().get(Type.FULL);
        Type newest = null;
        for (Type t : new Type[] {Type.DIFF, Type.INCR}) {
            BackupHealth.Backup b = h.last().get(t);
            boolean afterFull = b != null && (full == null || b.stop().isAfter(full.stop()));
            if (afterFull && (newest == null || b.stop().isAfter(h.last().get(newest).stop()))) {
                newest = t;
            }
        }
        return Optional.ofNullable(newest);
    }

    private static String when(BackupHealth.Backup b, Instant now) {
        return TIME.format(b.stop()) + " (" + ago(Duration.between(b.stop(), now)) + ")";
    }

    /** "45s ago", "12m ago", "5h ago", "3d ago": one unit, rounded down. */
    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 48 * 3600) {
            return s / 3600 + "h ago";
        }
        return s / 86400 + "d ago";
    }
}
