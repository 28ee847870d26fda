package io.pgward.api;

import io.pgward.PgwardException;
import io.pgward.config.ByteSizes;
import io.pgward.config.Config;
import io.pgward.ha.ClusterView;
import io.pgward.ha.DecisionHistory.Entry;
import io.pgward.ha.HistoryEntry;
import io.pgward.ha.Member;
import io.pgward.postgres.Lsn;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static io.pgward.api.Html.escape;

/**
 * {@code GET /dashboard}: the cluster on one server-rendered page (members, the leader's lease, every member's last
 * decisions, the failover history, backups when configured) with a little inline JavaScript that fetches the page
 * again every few seconds and swaps its content in. Nothing is loaded from elsewhere; every value is escaped. Pure: the page is a function of
 * {@link Page}.
 */
final class Dashboard {

    /** Decisions shown per member, newest first. */
    static final int DECISIONS_SHOWN = 8;

    /**
     * What the page shows.
     *
     * @param cluster        the agent's last etcd snapshot, null before the first one
     * @param leaseLeft      seconds the leader's lease has left, null when unknown
     * @param decisions      by member name (this node included): its decisions or why they could not be read
     * @param refreshSeconds how often the page's script fetches it again
     */
    record Page(String scope, String me, Instant now, ClusterView cluster, Long leaseLeft,
                Map<String, Operations.PeerDecisions> decisions, Instant dcsLastSeen, int refreshSeconds) {}

    private Dashboard() {}

    /**
     * The page's data: this node's snapshot and decisions, the other members' decisions (asked now, in parallel, with
     * a short deadline) and the leader's lease read from etcd now (unknown when etcd does not answer).
     */
    static Page page(Config c, NodeSnapshot s, Operations ops, Instant now) {
        ClusterView view = s.cluster();
        Map<String, Operations.PeerDecisions> decisions = new LinkedHashMap<>();
        decisions.put(c.name(), new Operations.PeerDecisions(s.decisions(), null));
        Long lease = null;
        if (view != null) {
            decisions.putAll(ops.peerDecisions(view.members().stream().filter(m -> !m.name().equals(c.name())).toList()));
            if (view.hasLeader()) {
                try {
                    OptionalLong left = ops.leaderLeaseLeft();
                    lease = left.isPresent() ? left.getAsLong() : null;
                } catch (PgwardException e) {
                    lease = null;    // shown as unknown
                }
            }
        }
        int refresh = view == null ? 5 : Math.max(2, Math.min(10, view.config().loopWait()));
        return new Page(c.scope(), c.name(), now, view, lease, decisions, s.dcsLastSeen(), refresh);
    }

    static String render(Page p) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>pgward: ").append(escape(p.scope())).append("</title><style>").append(STYLE)
                .append("</style></head>\n<body>\n<header><h1>pgward &middot; cluster ").append(escape(p.scope()))
                .append("</h1><p>served by ").append(escape(p.me())).append(" &middot; refreshes every ")
                .append(p.refreshSeconds()).append(" s <span id=\"refresh-status\"></span></p></header>\n");
        ClusterView c = p.cluster();
        h.append("<main id=\"content\" data-generated=\"").append(escape(p.now())).append("\" data-leader=\"")
                .append(escape(c == null ? "" : c.leader())).append("\">\n");
        if (c == null) {
            h.append("<p class=\"banner bad\">This agent has not read the cluster from etcd yet.</p>\n");
        } else {
            banners(h, p);
            members(h, c);
            lease(h, p);
            history(h, c);
            DashboardBackups.render(h, c, p.now());
        }
        decisions(h, p);
        h.append("<p class=\"small\">Generated ").append(escape(p.now().truncatedTo(ChronoUnit.SECONDS)))
                .append(" by ").append(escape(p.me()))
                .append(p.dcsLastSeen() == null ? "" : "; etcd last read " + escape(age(p.dcsLastSeen(), p.now())))
                .append(".</p>\n</main>\n<script>").append(script(p.refreshSeconds())).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void banners(StringBuilder h, Page p) {
        ClusterView c = p.cluster();
        if (c.config().pause()) {
            h.append("<p class=\"banner warn\" id=\"paused\">Maintenance mode: the cluster is paused (no automatic"
                    + " failover, restart or demotion).</p>\n");
        }
        if (!c.hasLeader()) {
            h.append("<p class=\"banner bad\" id=\"no-leader\">No leader: the cluster is unlocked. Run <code>pgward"
                    + " why</code> for the reason.</p>\n");
        }
        if (c.failover() != null) {
            h.append("<p class=\"banner warn\">Switchover requested").append(c.failover().leader() == null ? ""
                    : " from " + escape(c.failover().leader())).append(c.failover().candidate() == null ? ""
                    : " to " + escape(c.failover().candidate())).append(c.failover().scheduledAt() == null ? ""
                    : " at " + escape(c.failover().scheduledAt())).append(".</p>\n");
        }
    }

    private static void members(StringBuilder h, ClusterView c) {
        h.append("<section id=\"members\"><h2>Members</h2><table><thead><tr><th>Member</th><th>Role</th><th>State</th>"
                + "<th>TL</th><th>Lag</th><th>Tags</th><th>Host</th></tr></thead><tbody>\n");
        long optime = c.statusOptime() > 0 ? c.statusOptime() : c.leaderMember().map(Member::walPosition).orElse(0L);
        for (Member m : c.members()) {
            boolean leader = c.isLeader(m.name());
            boolean sync = !leader && c.config().synchronous() && c.sync().isSyncStandby(m.name())
                    && c.leader() != null && c.leader().equals(c.sync().leader());
            String role = leader ? "Leader" : sync ? "Sync Standby" : "Replica";
            String state = m.isRunning() && m.replicationState() != null ? m.replicationState() : m.state();
            h.append("<tr data-member=\"").append(escape(m.name())).append("\" data-role=\"")
                    .append(leader ? "leader" : "replica").append("\"").append(leader ? " class=\"leader\"" : "")
                    .append("><td>").append(leader ? "<span class=\"star\" title=\"leader\">&#9733;</span> " : "")
                    .append(escape(m.name())).append("</td><td>").append(role).append("</td><td>").append(escape(state))
                    .append("</td><td>").append(m.timeline() > 0 ? Integer.toString(m.timeline()) : "").append("</td><td>")
                    .append(leader ? "" : m.walPosition() == 0 || optime == 0 ? "unknown"
                            : escape(ByteSizes.human(Math.max(0, optime - m.walPosition()))))
                    .append("</td><td>").append(escape(tags(m.tags()))).append("</td><td>")
                    .append(escape(host(m))).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static String tags(Map<String, Object> tags) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(tags).forEach((k, v) -> out.add(k + "=" + v));
        return String.join(", ", out);
    }

    private static String host(Member m) {
        if (m.connUrl() == null) {
            return "";
        }
        try {
            String a = java.net.URI.create(m.connUrl()).getAuthority();
            return a == null ? "" : a;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static void lease(StringBuilder h, Page p) {
        ClusterView c = p.cluster();
        if (!c.hasLeader()) {
            return;
        }
        h.append("<p id=\"lease\">Leader <b>").append(escape(c.leader())).append("</b>: ")
                .append(p.leaseLeft() == null ? "lease time left unknown" : "lease expires in " + p.leaseLeft() + " s")
                .append(" (ttl ").append(c.config().ttl()).append(" s, renewed every loop_wait of ")
                .append(c.config().loopWait()).append(" s).</p>\n");
    }

    private static void history(StringBuilder h, ClusterView c) {
        h.append("<section id=\"history\"><h2>Failovers and switchovers</h2>\n");
        if (c.history().isEmpty()) {
            h.append("<p>None: the cluster is still on its first timeline.</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>Timeline ended</th><th>At</th><th>New leader</th><th>Switch LSN</th>"
                + "<th>Reason</th></tr></thead><tbody>\n");
        List<HistoryEntry> newestFirst = new ArrayList<>(c.history());
        java.util.Collections.reverse(newestFirst);
        for (HistoryEntry e : newestFirst) {
            h.append("<tr><td>").append(e.timeline()).append("</td><td>").append(escape(e.timestamp()))
                    .append("</td><td>").append(escape(e.newLeader())).append("</td><td>")
                    .append(escape(Lsn.format(e.switchLsn()))).append("</td><td>").append(escape(e.reason()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void decisions(StringBuilder h, Page p) {
        h.append("<section id=\"decisions\"><h2>Last decisions</h2>\n");
        new TreeMap<>(p.decisions()).forEach((name, d) -> {
            h.append("<div class=\"node\" data-member=\"").append(escape(name)).append("\"><h3>").append(escape(name))
                    .append("</h3>");
            if (d.error() != null) {
                h.append("<p class=\"bad\">Its decisions could not be read: ").append(escape(d.error())).append("</p>");
            } else if (d.entries().isEmpty()) {
                h.append("<p>No decisions yet.</p>");
            } else {
                h.append("<ol>");
                List<Entry> entries = d.entries();
                for (int i = entries.size() - 1; i >= Math.max(0, entries.size() - DECISIONS_SHOWN); i--) {
                    Entry e = entries.get(i);
                    h.append("<li><time datetime=\"").append(escape(e.at())).append("\">")
                            .append(escape(age(e.at(), p.now()))).append("</time> <b>").append(escape(e.action()))
                            .append("</b> ").append(escape(e.reason())).append("</li>");
                }
                h.append("</ol>");
            }
            h.append("</div>\n");
        });
        h.append("</section>\n");
    }

    static String age(Instant at, Instant now) {
        if (at == null) {
            return "?";
        }
        long s = Math.max(0, Duration.between(at, now).toSeconds());
        return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
    }

    /**
     * Every {@code seconds}: fetch this page, swap the new {@code #content} in (scripts in it are not run), and say
     * so when the fetch fails. Only the same origin is asked, so no CORS is involved.
     */
    static String script(int seconds) {
        return "(function(){var n=" + seconds + "*1000,s=document.getElementById('refresh-status');"
                + "window.pgwardRefreshes=0;"
                + "function again(){fetch(location.pathname,{cache:'no-store'}).then(function(r){"
                + "if(!r.ok){throw new Error('HTTP '+r.status);}return r.text();}).then(function(t){"
                + "var d=new DOMParser().parseFromString(t,'text/html'),c=d.getElementById('content');"
                + "if(c){document.getElementById('content').replaceWith(document.importNode(c,true));}"
                + "window.pgwardRefreshes++;s.textContent='';}).catch(function(e){"
                + "s.textContent='(refresh failed: '+e.message+')';}).then(function(){setTimeout(again,n);});}"
                + "setTimeout(again,n);})();";
    }

    private static final String STYLE = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
            + "h1{font-size:1.4em;margin:0}header p{margin:.2em 0 1em;color:#666}h2{font-size:1.1em;margin-top:1.4em}"
            + "h3{font-size:1em;margin:.8em 0 .2em}table{border-collapse:collapse}"
            + "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
            + "th{background:#f2f2f2}tr.leader{background:#e8f5e9;font-weight:600}.star{color:#2e7d32}"
            + ".banner{padding:.5em .8em;border-radius:4px}.warn{background:#fff3cd}.bad{background:#f8d7da}"
            + "ol{margin:.2em 0;padding-left:1.4em}li{margin:.1em 0}time{color:#666}.small{color:#888;font-size:.9em}"
            + "code{background:#eee;padding:0 .2em}";
}
