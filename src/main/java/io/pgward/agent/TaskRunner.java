package io.pgward.agent;

import io.pgward.ha.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The one worker for long actions; the HA loop reads its {@link TaskState} every cycle. */
final class TaskRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    /** A long action; returns a detail for the log, throws when it failed. */
    interface Task {
        String run() throws Exception;
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ha-worker");
        t.setDaemon(true);
        return t;
    });
    private final Runnable onDone;
    private final java.util.function.Consumer<TaskState> onOutcome;
    private volatile TaskState state;

    TaskRunner(Runnable onDone) {
        this(onDone, t -> { });
    }

    /** {@code onOutcome} hears how each task ended (before {@code onDone} wakes the loop). */
    TaskRunner(Runnable onDone, java.util.function.Consumer<TaskState> onOutcome) {
        this.onDone = onDone;
        this.onOutcome = onOutcome;
    }

    TaskState state() {
        return state;
    }

    boolean busy() {
        TaskState s = state;
        return s != null && s.running();
    }

    /** Starts {@code task} unless another one runs; returns whether it was started. */
    synchronized boolean submit(TaskState.Kind kind, Task task) {
        if (busy()) {
            return false;
        }
        state = new TaskState(kind, true, false, "");
        worker.submit(() -> {
            try {
                String detail = task.run();
                state = new TaskState(kind, false, true, detail);
                log.info("{} finished: {}", kind.label(), detail);
            } catch (Exception e) {
                state = new TaskState(kind, false, false, e.getMessage());
                log.error("{} failed: {}", kind.label(), e.getMessage());
            }
            onOutcome.accept(state);
            onDone.run();
        });
        return true;
    }

    /** Waits until the running task ends (or the timeout passes); returns its final state. */
    TaskState await(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (busy() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return state;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
