package io.pgward.config;

import java.util.Map;

/**
 * The node's {@code tags}.
 *
 * @param failoverPriority  0 when nofailover is true; default 1
 * @param replicatefrom     member to stream from (cascading), null if not set
 * @param syncPriority      0 when nosync is true; default 1
 * @param published         the tags as Patroni publishes them in the member key: every tag given, except that
 *                          nofailover, noloadbalance, clonefrom, nosync and nostream appear only when true
 */
public record Tags(boolean nofailover, int failoverPriority, boolean noloadbalance, boolean clonefrom,
                   String replicatefrom, boolean nosync, int syncPriority, boolean nostream,
                   Map<String, Object> published) {

    public Tags {
        published = published == null ? Map.of() : PlainValues.unmodifiableCopy(published);
    }

    /** No tags: may become leader (priority 1), may be a sync standby (priority 1). */
    public static Tags none() {
        return new Tags(false, 1, false, false, null, false, 1, false, Map.of());
    }
}
