package io.pgward.agent;

import io.pgward.api.RestartRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A restart requested for later ({@code POST /restart {"schedule": ...}}), kept in memory and shown in the member
 * key as Patroni does. {@code postmasterStartTime} is the server's start time when it was requested: a restart
 * that happened meanwhile makes it moot.
 */
record ScheduledRestart(RestartRequest request, String postmasterStartTime) {

    enum Verdict { WAIT, RUN, STALE, ALREADY_RESTARTED }

    /**
     * What to do with it in a cycle at {@code now}: wait for its time (also while paused), run it, or drop it when
     * it is more than 1.5 loop_wait overdue (the agent was stuck; a restart then would surprise) or PostgreSQL has
     * restarted since it was requested.
     */
    Verdict evaluate(Instant now, long loopWaitSeconds, boolean paused, String currentPostmasterStartTime) {
        if (postmasterStartTime != null && currentPostmasterStartTime != null
                && !Objects.equals(postmasterStartTime, currentPostmasterStartTime)) {
            return Verdict.ALREADY_RESTARTED;
        }
        Instant at = request.schedule();
        if (paused || now.isBefore(at)) {
            return Verdict.WAIT;
        }
        return Duration.between(at, now).toMillis() > loopWaitSeconds * 1500 ? Verdict.STALE : Verdict.RUN;
    }
}
