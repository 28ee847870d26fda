package io.pgward.agent;

import io.pgward.dcs.WireFormat;
import io.pgward.ha.HistoryEntry;
import io.pgward.postgres.Lsn;
import io.pgward.postgres.PgClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The {@code history} key: the timeline switches of the cluster, appended by the node that switched. */
final class HistoryRecord {

    private static final Logger log = LoggerFactory.getLogger(HistoryRecord.class);

    private HistoryRecord() {}

    /**
     * Appends the timeline that just ended, as PostgreSQL recorded it in the new timeline's history file.
     *
     * @param reason what ended it, as the history key says it ("no recovery target specified" for a promotion)
     */
    static void appendEndedTimeline(NodeContext ctx, List<HistoryEntry> known, String reason) {
        PgClient.TimelineHistory now = ctx.postgres.client().timelineHistory();
        List<RewindCheck.TimelineSwitch> switches = RewindCheck.parseHistory(now.history());
        if (switches.isEmpty() || now.inRecovery()) {
            return;
        }
        RewindCheck.TimelineSwitch ended = switches.get(switches.size() - 1);
        List<HistoryEntry> history = new ArrayList<>(known);
        history.removeIf(e -> e.timeline() >= ended.timeline());
        history.add(new HistoryEntry(ended.timeline(), ended.switchLsn(), reason,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString(), ctx.name()));
        int max = ctx.dynamic().maxTimelinesHistory();
        if (max > 0 && history.size() > max) {
            history = history.subList(history.size() - max, history.size());
        }
        ctx.dcs.writeHistory(WireFormat.historyJson(history));
        log.info("timeline {} ended at {} ({}), now on timeline {}; recorded in history", ended.timeline(),
                Lsn.format(ended.switchLsn()), reason, now.timeline());
    }
}
