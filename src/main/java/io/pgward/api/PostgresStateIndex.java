package io.pgward.api;

import java.util.Map;

/**
 * The number Patroni 4's {@code patroni_postgres_state} gauge gives each PostgreSQL state. Patroni promises these
 * numbers never change, so alerting rules written for Patroni keep working; a state Patroni does not know is -1.
 */
final class PostgresStateIndex {
    private PostgresStateIndex() {}

    private static final Map<String, Integer> INDEX = Map.ofEntries(
            Map.entry("initializing new cluster", 0),
            Map.entry("initdb failed", 1),
            // pgward's name for a failed initdb or post_bootstrap: the same condition as Patroni's "initdb failed"
            Map.entry("bootstrap failed", 1),
            Map.entry("running custom bootstrap script", 2),
            Map.entry("custom bootstrap failed", 3),
            Map.entry("creating replica", 4),
            Map.entry("running", 5),
            Map.entry("starting", 6),
            Map.entry("starting after custom bootstrap", 7),
            Map.entry("start failed", 8),
            Map.entry("restarting", 9),
            Map.entry("restart failed", 10),
            Map.entry("stopping", 11),
            Map.entry("stopped", 12),
            Map.entry("stop failed", 13),
            Map.entry("crashed", 14));

    /** The values line Patroni writes under the gauge's HELP, so a reader of the text knows each number. */
    static final String VALUES = "0=initdb, 1=initdb_failed, 2=custom_bootstrap, 3=custom_bootstrap_failed, "
            + "4=creating_replica, 5=running, 6=starting, 7=bootstrap_starting, 8=start_failed, 9=restarting, "
            + "10=restart_failed, 11=stopping, 12=stopped, 13=stop_failed, 14=crashed";

    static int of(String state) {
        return state == null ? -1 : INDEX.getOrDefault(state, -1);
    }
}
