package io.pgward.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tags} section: Patroni's tags, and custom ones (published, no effect). {@code replicatefrom} and
 * {@code clonefrom} act through the member key others read (see io.pgward.ha.Upstream and CloneSource).
 */
final class TagsBinder {

    private static final List<String> BOOLEAN_TAGS = List.of("nofailover", "noloadbalance", "clonefrom", "nosync",
            "nostream");
    private static final List<String> KNOWN = List.of("nofailover", "failover_priority", "noloadbalance",
            "clonefrom", "replicatefrom", "nosync", "sync_priority", "nostream");

    private TagsBinder() {
    }

    static Tags bind(Section t) {
        Map<String, Object> typed = new LinkedHashMap<>();
        Boolean nofailover = put(typed, "nofailover", t.bool("nofailover"));
        Long failoverPriority = put(typed, "failover_priority", t.integer("failover_priority", 0, Integer.MAX_VALUE));
        Boolean nosync = put(typed, "nosync", t.bool("nosync"));
        Long syncPriority = put(typed, "sync_priority", t.integer("sync_priority", 0, Integer.MAX_VALUE));
        exclusive(t, "nofailover", "failover_priority");
        exclusive(t, "nosync", "sync_priority");
        boolean noloadbalance = bool(put(typed, "noloadbalance", t.bool("noloadbalance")));
        boolean clonefrom = bool(put(typed, "clonefrom", t.bool("clonefrom")));
        boolean nostream = bool(put(typed, "nostream", t.bool("nostream")));
        if (nostream) {
            t.error("nostream", NotImplemented.NOSTREAM);
        }
        String replicatefrom = put(typed, "replicatefrom", t.string("replicatefrom"));
        Map<String, Object> published = new LinkedHashMap<>();
        for (YNode.Entry e : t.mapping().entries().values()) {
            String key = e.key();
            if (KNOWN.contains(key)) {
                Object value = typed.get(key);
                if (value != null && !(BOOLEAN_TAGS.contains(key) && Boolean.FALSE.equals(value))) {
                    published.put(key, value instanceof Long l ? (Object) l.intValue() : value);
                }
            } else if (Placement.isHbaKey(key)) {
                t.error(key, t.placement().message(key));
                t.accept(key);
            } else {
                DidYouMean.typo(key, KNOWN).ifPresent(known -> t.warning(key, "custom tag '" + key
                        + "' looks like '" + known + "'; custom tags are published but change nothing"));
                t.accept(key);
                published.put(key, e.value().toPlain());
            }
        }
        t.finish();
        boolean noFailover = nofailover != null ? nofailover : failoverPriority != null && failoverPriority <= 0;
        int fp = Boolean.TRUE.equals(nofailover) ? 0 : failoverPriority == null ? 1 : failoverPriority.intValue();
        boolean noSync = nosync != null ? nosync : syncPriority != null && syncPriority <= 0;
        int sp = Boolean.TRUE.equals(nosync) ? 0 : syncPriority == null ? 1 : syncPriority.intValue();
        return new Tags(noFailover, fp, noloadbalance, clonefrom, replicatefrom, noSync, sp, nostream, published);
    }

    private static <T> T put(Map<String, Object> typed, String key, T value) {
        if (value != null) {
            typed.put(key, value);
        }
        return value;
    }

    private static boolean bool(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static void exclusive(Section t, String flag, String priority) {
        if (t.has(flag) && t.has(priority)) {
            t.error(priority, "set either " + flag + " or " + priority + ", not both (" + flag + ": true means "
                    + priority + ": 0)");
        }
    }
}
