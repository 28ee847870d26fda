package io.pgward.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Simulated time: a queue of events ordered by time, then by the order they were scheduled in. Nothing runs in
 * parallel and nothing reads a real clock, so a run is a function of its seed.
 */
final class Scheduler {

    private record Event(long at, long seq, Runnable action) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long now;
    private long seq;
    private long executed;

    /** Milliseconds of simulated time since the start of the run. */
    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    void at(long time, Runnable action) {
        queue.add(new Event(Math.max(time, now), seq++, action));
    }

    void after(long delayMillis, Runnable action) {
        at(now + delayMillis, action);
    }

    /** Runs the next event due by {@code until}; false (and the clock at {@code until}) when there is none. */
    boolean runNext(long until) {
        Event e = queue.peek();
        if (e == null || e.at() > until) {
            now = Math.max(now, until);
            return false;
        }
        queue.poll();
        now = e.at();
        e.action().run();
        executed++;
        return true;
    }
}
