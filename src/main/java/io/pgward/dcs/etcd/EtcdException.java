package io.pgward.dcs.etcd;

import io.pgward.PgwardException;

/**
 * A failure of one etcd request, typed by what the client and the operator should do about it. The kinds come from
 * etcd's own error vocabulary (its gRPC error messages, which the JSON gateway passes on) and HTTP status, read in
 * one place: {@link #classify}.
 */
public final class EtcdException extends PgwardException {

    /** What went wrong, and so what happens next. */
    public enum Kind {
        /** The member did not answer in time, refused the connection, or answered 5xx: try another member. */
        UNREACHABLE(Code.DCS_UNREACHABLE, true,
                "check that the etcd members in etcd3.hosts run and that this host reaches them"),
        /** The member has no raft leader (minority side of a partition, election under way): try another member. */
        NO_LEADER(Code.DCS_UNREACHABLE, true,
                "the etcd cluster has no leader: check that a majority of its members run and reach each other"),
        /** The member is overloaded ("too many requests"): try another member. */
        BUSY(Code.DCS_UNREACHABLE, true, "etcd is overloaded: check its members' load and disks"),
        /** The auth token is not (or no longer) valid, e.g. after a member restarted: authenticate again once. */
        INVALID_TOKEN(Code.DCS_AUTH_FAILED, false,
                "etcd rejected a fresh token too: check that its auth is enabled consistently on every member"),
        /** The user name or password is wrong, or etcd wants credentials that are not configured. */
        AUTH_FAILED(Code.DCS_AUTH_FAILED, false,
                "check etcd3.username and etcd3.password (or the client certificate) against the etcd users"),
        /** The user has no role that grants access to the keys. */
        PERMISSION_DENIED(Code.DCS_AUTH_FAILED, false,
                "grant the etcd user a role with read-write access to the cluster's key prefix"),
        /** The lease named in the request does not exist (any more). */
        LEASE_NOT_FOUND(Code.DCS_UNREACHABLE, false, "a new lease is granted on the next cycle"),
        /** Any other refusal: the request itself is wrong. */
        REFUSED(Code.DCS_REFUSED, false, "this is a pgward bug or an etcd version it does not support: report it");

        final Code code;
        /** Another member may answer where this one failed. */
        final boolean tryAnotherMember;
        final String advice;

        Kind(Code code, boolean tryAnotherMember, String advice) {
            this.code = code;
            this.tryAnotherMember = tryAnotherMember;
            this.advice = advice;
        }

        /** What an operator should check or do. */
        public String advice() {
            return advice;
        }
    }

    private final Kind kind;

    EtcdException(Kind kind, String message) {
        super(kind.code, message);
        this.kind = kind;
    }

    EtcdException(Kind kind, String message, Throwable cause) {
        super(kind.code, message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The kind of an error answer, from etcd's error message first and the HTTP status second. */
    static Kind classify(int status, String message) {
        String m = message == null ? "" : message;
        if (m.contains("invalid auth token") || m.contains("user name is empty") || m.contains("auth store is old")
                || m.contains("token is expired")) {
            return Kind.INVALID_TOKEN;
        }
        if (m.contains("authentication failed") || m.contains("invalid user ID or password")) {
            return Kind.AUTH_FAILED;
        }
        if (m.contains("permission denied")) {
            return Kind.PERMISSION_DENIED;
        }
        if (m.contains("requested lease not found")) {
            return Kind.LEASE_NOT_FOUND;
        }
        if (m.contains("no leader") || m.contains("leader changed") || m.contains("not leader")) {
            return Kind.NO_LEADER;
        }
        if (m.contains("too many requests") || status == 429) {
            return Kind.BUSY;
        }
        if (status >= 500 || status == 408) {
            return Kind.UNREACHABLE;
        }
        return Kind.REFUSED;
    }
}
