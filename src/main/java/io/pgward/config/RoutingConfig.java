package io.pgward.config;

/**
 * pgward's own sections for the routers in front of the cluster (Patroni has none): each null when absent.
 */
public record RoutingConfig(HaproxyNotifyConfig haproxy, PgBouncerConfig pgbouncer) {

    public static RoutingConfig none() {
        return new RoutingConfig(null, null);
    }
}
