package io.pgward;

/**
 * The one unchecked root of pgward's failures. Callers branch on {@link #code()}, never on the message.
 */
public class PgwardException extends RuntimeException {

    /** What kind of failure this is; decides whether a caller retries, steps down or gives up. */
    public enum Code {
        /** Configuration is invalid; nothing was changed. */
        CONFIG_INVALID,
        /** The DCS (etcd) did not answer within the deadline; retry, and a leader steps down. */
        DCS_UNREACHABLE,
        /** etcd refused our credentials or their rights: retrying does not help until the configuration changes. */
        DCS_AUTH_FAILED,
        /** etcd refused the request itself (not a matter of reachability or credentials). */
        DCS_REFUSED,
        /** A compare-and-swap in the DCS lost: someone else changed the key (leadership may be gone). */
        DCS_CAS_FAILED,
        /** A PostgreSQL binary or query failed. */
        POSTGRES_FAILED,
        /** The operating system refused (permissions, ownership, missing user). */
        OS_FAILED,
        /** A request or argument is wrong (REST/CLI input). */
        BAD_REQUEST
    }

    private final Code code;

    public PgwardException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public PgwardException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
