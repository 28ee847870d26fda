package io.pgward.bench;

import java.util.function.BooleanSupplier;

/** Durations in seconds, sleeping, and polling for a condition. */
final class Time {

    private Time() {
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /**
     * Polls until the condition holds; false on timeout. A condition that throws counts as not yet holding,
     * except for {@link AgentDied} and {@link RefusedSwitchover}, which end the wait.
     */
    static boolean waitFor(double timeoutSeconds, double pollSeconds, BooleanSupplier cond) {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            try {
                if (cond.getAsBoolean()) {
                    return true;
                }
            } catch (AgentDied | RefusedSwitchover e) {
                throw e;
            } catch (RuntimeException e) {
                // keep polling
            }
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(pollSeconds);
        }
    }
}
