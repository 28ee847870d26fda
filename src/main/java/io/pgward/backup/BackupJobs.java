package io.pgward.backup;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * pgBackRest's long commands on one node (stanza-create, backup), one at a time on their own thread: they never
 * hold up the HA loop or its worker, and a second backup is refused while one runs.
 */
public final class BackupJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackupJobs.class);

    /** What ran or runs: {@code finished} and {@code result} are null while it runs. */
    public record Job(String what, Instant started, Instant finished, Boolean succeeded, String result) {

        public boolean running() {
            return finished == null;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", what);
            m.put("state", running() ? "running" : succeeded ? "succeeded" : "failed");
            m.put("started", started.toString());
            if (finished != null) {
                m.put("finished", finished.toString());
                m.put("result", result);
            }
            return m;
        }
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pgbackrest");
        t.setDaemon(true);
        return t;
    });
    private final Runnable afterEach;
    private Job current;

    public BackupJobs() {
        this(() -> { });
    }

    /** @param afterEach run on the job thread after each job, whether it succeeded or failed */
    public BackupJobs(Runnable afterEach) {
        this.afterEach = afterEach;
    }

    /**
     * Starts {@code work} unless a job runs.
     *
     * @throws PgwardException BAD_REQUEST naming the running job
     */
    public synchronized Job start(String what, Supplier<String> work) {
        if (current != null && current.running()) {
            throw new PgwardException(Code.BAD_REQUEST, "pgBackRest is busy: " + current.what() + " runs since "
                    + current.started());
        }
        Job job = new Job(what, Instant.now(), null, null, null);
        current = job;
        log.info("pgBackRest: {} started", what);
        worker.execute(() -> finish(job, work));
        return job;
    }

    private void finish(Job job, Supplier<String> work) {
        Job done;
        try {
            String out = work.get();
            done = new Job(job.what(), job.started(), Instant.now(), true, out);
            log.info("pgBackRest: {} succeeded", job.what());
        } catch (RuntimeException e) {
            done = new Job(job.what(), job.started(), Instant.now(), false, e.getMessage());
            log.warn("pgBackRest: {} failed: {}", job.what(), e.getMessage());
        }
        synchronized (this) {
            current = done;
        }
        afterEach.run();
    }

    /** The running or last job, or null when none ran since the agent started. */
    public synchronized Job last() {
        return current;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
