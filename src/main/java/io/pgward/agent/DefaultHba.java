package io.pgward.agent;

import io.pgward.config.Config;

import java.util.List;

/**
 * The pg_hba.conf pgward writes when the configuration gives none: password (scram-sha-256) authentication for
 * everyone, replication for the replication user, no {@code trust} anywhere. Patroni would leave initdb's file
 * (trust for local connections, no replication from other hosts); pgward says what it wrote instead.
 */
final class DefaultHba {
    private DefaultHba() {}

    static List<String> lines(Config config) {
        String repl = config.postgresql().authentication().replication().username();
        return List.of(
                "local   all           all                 peer",
                "host    all           all    127.0.0.1/32 scram-sha-256",
                "host    all           all    ::1/128      scram-sha-256",
                "host    replication   " + repl + "   all  scram-sha-256",
                "host    all           all    all          scram-sha-256");
    }
}
