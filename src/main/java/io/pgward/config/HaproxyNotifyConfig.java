package io.pgward.config;

import java.util.List;

/**
 * pgward's own {@code haproxy} section: the HAProxy runtime APIs this agent tells at once when its node becomes or
 * stops being the primary, instead of leaving it to HAProxy's next health check.
 *
 * @param runtimeApis    never empty
 * @param primaryBackend the read-write backend's name, or null for the one {@code pgward haproxy-config} writes
 * @param replicaBackend the read-only backend's name, or null for the one {@code pgward haproxy-config} writes
 * @param server         this node's server name in those backends, or null for the one {@code haproxy-config} writes
 */
public record HaproxyNotifyConfig(List<RuntimeApi> runtimeApis, String primaryBackend, String replicaBackend,
                                  String server) {

    public HaproxyNotifyConfig {
        runtimeApis = List.copyOf(runtimeApis);
    }
}
