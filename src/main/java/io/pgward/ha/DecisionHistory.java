package io.pgward.ha;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last decisions of this node with their reasons, newest last; bounded. */
public final class DecisionHistory {

    public record Entry(Instant at, String action, String reason) {}

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public DecisionHistory(int capacity) {
        this.capacity = capacity;
    }

    /** Records a decision; a repeat of the previous one only refreshes its time. Returns true when it is new. */
    public synchronized boolean record(Instant at, Action action) {
        return add(at, action.getClass().getSimpleName(), action.reason());
    }

    /**
     * Records how a long action ended (its outcome is not a decision of the loop, but the next decisions depend on it
     * and an operator asking why needs it), as action {@code TaskFinished} or {@code TaskFailed}.
     */
    public synchronized boolean recordOutcome(Instant at, TaskState task) {
        return add(at, task.succeeded() ? "TaskFinished" : "TaskFailed",
                task.kind().label() + (task.succeeded() ? " finished: " : " failed: ") + task.detail());
    }

    private boolean add(Instant at, String name, String reason) {
        Entry last = entries.peekLast();
        if (last != null && last.action().equals(name) && last.reason().equals(reason)) {
            entries.pollLast();
            entries.addLast(new Entry(at, name, reason));
            return false;
        }
        entries.addLast(new Entry(at, name, reason));
        while (entries.size() > capacity) {
            entries.pollFirst();
        }
        return true;
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }
}
