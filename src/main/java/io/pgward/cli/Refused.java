package io.pgward.cli;

import io.pgward.PgwardException;

/**
 * The cluster's state, a member, or the operator said no: nothing (more) was done. Exit code 1, where other
 * {@link PgwardException}s (bad usage, unreachable cluster) give 2.
 */
class Refused extends PgwardException {
    Refused(String message) {
        super(Code.BAD_REQUEST, message);
    }
}
