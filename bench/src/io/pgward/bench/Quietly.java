package io.pgward.bench;

/** Closing what may already be broken. */
final class Quietly {

    private Quietly() {
    }

    /** Closes c unless null; a checked exception from close() is ignored. */
    static void close(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception ignored) {
            // closing something broken
        }
    }
}
