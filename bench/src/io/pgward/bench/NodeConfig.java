package io.pgward.bench;

/** The Patroni YAML of one node, read by both tools. */
final class NodeConfig {

    static final String SCOPE = "bench";

    private NodeConfig() {
    }

    static String yaml(ClusterLayout l, Profile profile, int i) {
        return yaml(l, profile, i, "", "");
    }

    /**
     * @param dcsExtra keys added to bootstrap.dcs, indented by 4 spaces
     * @param postgresqlExtra keys added to the node's postgresql section, indented by 2 spaces
     */
    static String yaml(ClusterLayout l, Profile profile, int i, String dcsExtra, String postgresqlExtra) {
        return """
                scope: %s
                name: %s
                restapi:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                etcd3:
                  hosts: 127.0.0.1:%d
                bootstrap:
                  dcs:
                    ttl: %d
                    loop_wait: %d
                    retry_timeout: %d
                    maximum_lag_on_failover: 1048576
                    postgresql:
                      use_pg_rewind: true
                      parameters:
                        wal_log_hints: 'on'
                %s
                  initdb:
                    - data-checksums
                    - encoding: UTF8
                    - locale: C.UTF-8
                postgresql:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                  data_dir: %s
                  bin_dir: %s
                  pgpass: %s
                  pg_ctl_timeout: 60
                  authentication:
                    superuser: {username: postgres, password: %s}
                    replication: {username: replicator, password: bench-repl-secret}
                    rewind: {username: rewinder, password: bench-rewind-secret}
                  parameters:
                    log_min_messages: warning
                  pg_hba:
                    - local all all peer
                    - host all all 127.0.0.1/32 scram-sha-256
                    - host replication replicator 127.0.0.1/32 scram-sha-256
                %s
                """.formatted(SCOPE, l.name(i), l.restPort(i), l.restPort(i), l.etcdClientPort(), profile.ttl(),
                profile.loopWait(), profile.retryTimeout(), dcsExtra, l.pgPort(i), l.pgPort(i), l.dataDir(i), Postgres.BIN,
                l.nodeDir(i).resolve("pgpass"), Postgres.SU_PASSWORD, postgresqlExtra);
    }
}
