package io.pgward.agent;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

/** The agent's short waits between polls. An interrupt (a cancelled task, the agent stopping) keeps its flag set. */
final class Pause {

    private Pause() {}

    /** Waits {@code millis}; an interrupt ends the wait early, its flag restored for the caller's loop to see. */
    static void briefly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits {@code millis}; an interrupt fails the task that waits for {@code what}, its flag restored. */
    static void orFail(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgwardException(Code.POSTGRES_FAILED, "interrupted while waiting for " + what);
        }
    }
}
