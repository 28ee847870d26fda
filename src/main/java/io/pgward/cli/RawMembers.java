package io.pgward.cli;

import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.WireFormat;
import io.pgward.dcs.etcd.EtcdClient;
import io.pgward.dcs.etcd.EtcdDcs;

import java.util.Map;
import java.util.TreeMap;

/** The member keys as published, for fields {@link io.pgward.ha.Member} does not carry ({@code pause}, {@code version}). */
final class RawMembers {
    private RawMembers() {}

    /** Member name to its parsed JSON (empty map when unreadable), sorted by name. */
    static Map<String, Map<String, Object>> read(EtcdDcs dcs, String keyPrefix) {
        String prefix = keyPrefix + KeyLayout.MEMBERS;
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (EtcdClient.KeyValue kv : dcs.client().getPrefix(prefix).kvs()) {
            out.put(kv.key().substring(prefix.length()), WireFormat.map(kv.value()));
        }
        return out;
    }

    /** Whether a member JSON says it is paused ({@code "pause": true}). */
    static boolean paused(Map<String, Object> member) {
        return Boolean.TRUE.equals(member.get("pause"));
    }
}
