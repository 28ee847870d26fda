package io.pgward.cli;

import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.HistoryEntry;
import io.pgward.postgres.Lsn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pgward history}: the cluster's timeline history (failovers and switchovers). */
@Command(name = "history", description = "Show the timeline history of the cluster.")
final class HistoryCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TL", "LSN", "Reason", "Timestamp", "New Leader"});
            for (HistoryEntry e : dcs.read().history()) {
                rows.add(new String[] {Integer.toString(e.timeline()), Lsn.format(e.switchLsn()), e.reason(),
                        e.timestamp() == null ? "" : e.timestamp(), e.newLeader() == null ? "" : e.newLeader()});
            }
            System.out.print(Table.render(rows));
        }
        return 0;
    }
}
