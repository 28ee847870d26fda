package io.pgward.bench;

/** Runs a step at a fixed rate on a daemon thread of its own until stopped; a late step starts the next at once. */
final class Ticker {

    private final String name;
    private final long periodNanos;
    private final Runnable step;
    private volatile boolean stopped;
    private Thread thread;

    Ticker(String name, double periodSeconds, Runnable step) {
        this.name = name;
        this.periodNanos = (long) (periodSeconds * 1e9);
        this.step = step;
    }

    void start() {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        while (!stopped) {
            step.run();
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Time.sleep(wait / 1e9);
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Stops after the step under way, waiting for it up to 15 s; does nothing when never started. */
    void stop() {
        stopped = true;
        if (thread == null) {
            return;
        }
        try {
            thread.join(15000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
