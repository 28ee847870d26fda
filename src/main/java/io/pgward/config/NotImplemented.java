package io.pgward.config;

/**
 * Patroni settings pgward does not implement yet and must not ignore: ignoring any of them would change which
 * node writes, or what data the cluster holds. Each is refused with one message shape: what, what would happen
 * instead, what to do. Settings whose absence changes neither are warned about where they are read.
 */
final class NotImplemented {

    private NotImplemented() {
    }

    static String refusal(String feature, String instead, String todo) {
        return feature + " is not implemented by pgward yet: refused, because pgward would " + instead + "; " + todo;
    }

    static final String QUORUM = refusal("synchronous_mode: quorum",
            "wait for one named synchronous standby (synchronous_mode: on) instead of a quorum",
            "use synchronous_mode: on");
    static final String LOGICAL_SLOT = refusal("a logical permanent slot",
            "not create or advance it, and logical replication would break at the first failover",
            "remove it from slots or manage it outside pgward");

    static final String CITUS = refusal("citus",
            "run this node as a plain PostgreSQL cluster and never register it with the Citus coordinator",
            "remove the section: Citus/MPP clusters are out of pgward's scope");
    static final String NOSTREAM = refusal("the nostream tag",
            "stream WAL from the primary (and hold a replication slot there) where this node should only restore"
                    + " from the archive", "remove the tag");
}
