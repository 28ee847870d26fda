package io.pgward.api;

import io.pgward.ha.BackupHealth;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.pgward.api.Html.escape;

/**
 * The dashboard's backups section, from what the leader last learned of the repository (its member key): the newest
 * backup of each type with its age, and whether the repository was reachable. Absent when the cluster has no
 * {@code backup} section. Pure.
 */
final class DashboardBackups {

    private DashboardBackups() {}

    static void render(StringBuilder h, ClusterView c, Instant now) {
        if (!c.config().raw().containsKey("backup")) {
            return;
        }
        h.append("<section id=\"backups\"><h2>Backups</h2>\n");
        BackupHealth health = c.leaderMember().map(Member::backup).orElse(null);
        if (health == null) {
            h.append("<p>Not checked yet: the leader asks pgBackRest every minute.</p></section>\n");
            return;
        }
        h.append(health.reachable()
                ? "<p id=\"backup-repository\">Repository reachable"
                : "<p id=\"backup-repository\" class=\"banner bad\">Repository UNREACHABLE: " + escape(health.error()));
        boolean stale = health.staleAt(now);
        h.append(" &middot; checked by ").append(escape(health.checkedBy())).append(' ')
                .append(stale ? "<b class=\"bad\">" : "").append(escape(Dashboard.age(health.checkedAt(), now)))
                .append(stale ? "</b>" : "").append(".</p>\n");
        if (health.last().isEmpty()) {
            h.append("<p class=\"banner ").append(health.backupsKnown() ? "warn\">No backup in the repository yet."
                    : "bad\">No backup known.").append("</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>Type</th><th>Newest backup</th><th>Ended (UTC)</th><th>Age</th></tr></thead>"
                + "<tbody>\n");
        health.last().forEach((type, b) -> h.append("<tr data-backup-type=\"").append(type.wire()).append("\"><td>")
                .append(type.wire()).append("</td><td>").append(escape(b.label())).append("</td><td>")
                .append(escape(b.stop().truncatedTo(ChronoUnit.SECONDS))).append("</td><td>")
                .append(escape(Dashboard.age(b.stop(), now))).append("</td></tr>\n"));
        h.append("</tbody></table></section>\n");
    }
}
