package io.pgward.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FenceDeadlineTest {

    @TempDir
    Path dir;

    private String boot = "boot-a";
    private long uptime = 50_000;

    private final FenceDeadline.BootClock clock = new FenceDeadline.BootClock() {
        @Override
        public String bootId() {
            return boot;
        }

        @Override
        public long uptimeMillis() {
            return uptime;
        }
    };

    private FenceDeadline deadline() {
        return new FenceDeadline(dir.resolve("data.fence.deadline"), clock);
    }

    @Test
    void theRemainingTimeCountsDownOnTheBootClock() {
        deadline().save(8000);
        uptime += 3000;
        assertThat(deadline().remainingMillis()).hasValue(5000);
        uptime += 7000;
        assertThat(deadline().remainingMillis()).hasValue(-2000);
    }

    @Test
    void aDeadlineFromAnEarlierBootIsIgnored() {
        deadline().save(8000);
        boot = "boot-b";
        uptime = 1000;
        assertThat(deadline().remainingMillis()).isEmpty();
    }

    @Test
    void clearedOrUnreadableMeansNoDeadline() throws Exception {
        deadline().save(8000);
        deadline().clear();
        assertThat(deadline().remainingMillis()).isEmpty();
        Files.writeString(dir.resolve("data.fence.deadline"), "garbage");
        assertThat(deadline().remainingMillis()).isEmpty();
    }

    @Test
    void theSystemClockReadsThisBoot() {
        assertThat(FenceDeadline.SYSTEM.bootId()).isNotBlank().isNotEqualTo("unknown");
        assertThat(FenceDeadline.SYSTEM.uptimeMillis()).isPositive();
    }
}
