package io.pgward.config;

import java.util.Map;

/**
 * GUCs pgward writes unless postgresql.parameters (local or dynamic) sets them: after a partition heals, a replica
 * streams again within seconds instead of waiting out PostgreSQL's minute-long timeouts and TCP's retransmission
 * back-off. Why each value: docs/configuration.md, "Replication defaults".
 */
final class HealingDefaults {

    static final Map<String, String> GUCS = Map.of(
            // a receiver that hears nothing for this long drops its connection (it pings at half of it)
            "wal_receiver_timeout", "20s",
            // a walsender whose standby went silent frees its replication slot after this long
            "wal_sender_timeout", "20s",
            // how soon the startup process starts a new receiver after one ended
            "wal_retrieve_retry_interval", "1s");

    private HealingDefaults() {
    }
}
