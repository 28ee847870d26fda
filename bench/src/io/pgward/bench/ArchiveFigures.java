package io.pgward.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Median and maximum of archive samples, and the WAL written and archived over them. */
final class ArchiveFigures {

    private ArchiveFigures() {
    }

    static ObjectNode of(List<ArchiveSampler.Sample> samples) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("samples", samples.size());
        if (samples.size() < 2) {
            return n;
        }
        List<Double> since = samples.stream().map(ArchiveSampler.Sample::sinceArchived).filter(x -> !x.isNaN()).toList();
        List<Double> ready = samples.stream().map(s -> (double) s.ready()).toList();
        List<Double> waited = samples.stream().map(ArchiveSampler.Sample::oldestReadyAge).toList();
        ArchiveSampler.Sample first = samples.get(0);
        ArchiveSampler.Sample last = samples.get(samples.size() - 1);
        n.put("since_last_archived_median_s", Stats.round(Stats.median(since)));
        n.put("since_last_archived_max_s", Stats.round(since.stream().mapToDouble(x -> x).max().orElse(Double.NaN)));
        n.put("ready_segments_median", Stats.round(Stats.median(ready)));
        n.put("ready_segments_max", (int) ready.stream().mapToDouble(x -> x).max().orElse(0));
        n.put("oldest_ready_age_median_s", Stats.round(Stats.median(waited)));
        n.put("oldest_ready_age_max_s", Stats.round(waited.stream().mapToDouble(x -> x).max().orElse(0)));
        n.put("wal_mib", Stats.round((last.walBytes() - first.walBytes()) / 1048576.0));
        n.put("wal_mib_per_s", Stats.round((last.walBytes() - first.walBytes()) / 1048576.0 / (samples.size() - 1)));
        n.put("segments_archived", last.archived() - first.archived());
        n.put("archive_failures", last.failed() - first.failed());
        return n;
    }
}
