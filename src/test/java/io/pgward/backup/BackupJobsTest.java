package io.pgward.backup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BackupJobsTest {

    @Test
    void theRepositoryIsLookedAtAgainAfterEveryJobSucceededOrFailed() {
        AtomicInteger after = new AtomicInteger();
        try (BackupJobs jobs = new BackupJobs(after::incrementAndGet)) {
            jobs.start("backup --type=full", () -> "ok");
            await().atMost(Duration.ofSeconds(5)).until(() -> after.get() == 1 && !jobs.last().running());
            assertThat(jobs.last().succeeded()).isTrue();
            jobs.start("backup --type=incr", () -> {
                throw new IllegalStateException("repository gone");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> after.get() == 2 && !jobs.last().running());
            assertThat(jobs.last().succeeded()).isFalse();
            assertThat(jobs.last().result()).isEqualTo("repository gone");
        }
    }
}
