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
        deadline().save(8000, 5);
        uptime += 3000;
        assertThat(deadline().recorded()).hasValue(new FenceDeadline.Recorded(5000, 5));
        uptime += 7000;
        assertThat(deadline().recorded()).hasValue(new FenceDeadline.Recorded(-2000, 5));
    }

    @Test
    void aDeadlineIsRecordedWithTheLeaseItBelongsTo() {
        deadline().save(8000, 7587869087L);
        assertThat(deadline().recorded().orElseThrow().lease()).isEqualTo(7587869087L);
        deadline().save(9000, 12);
        assertThat(deadline().recorded()).hasValue(new FenceDeadline.Recorded(9000, 12));
    }

    @Test
    void aDeadlineRecordedWithoutItsLeaseIsStillEnforcedButNamesNoLeaseToRevoke() throws Exception {
        Files.writeString(dir.resolve("data.fence.deadline"), "boot-a 58000\n");
        assertThat(deadline().recorded()).hasValue(new FenceDeadline.Recorded(8000, 0));
        Files.writeString(dir.resolve("data.fence.deadline"), "boot-a 58000 notalease\n");
        assertThat(deadline().recorded()).hasValue(new FenceDeadline.Recorded(8000, 0));
    }

    @Test
    void aDeadlineFromAnEarlierBootIsIgnored() {
        deadline().save(8000, 5);
        boot = "boot-b";
        uptime = 1000;
        assertThat(deadline().recorded()).isEmpty();
    }

    @Test
    void clearedOrUnreadableMeansNoDeadline() throws Exception {
        deadline().save(8000, 5);
        deadline().clear();
        assertThat(deadline().recorded()).isEmpty();
        Files.writeString(dir.resolve("data.fence.deadline"), "garbage");
        assertThat(deadline().recorded()).isEmpty();
    }

    @Test
    void theSystemClockReadsThisBoot() {
        assertThat(FenceDeadline.SYSTEM.bootId()).isNotBlank().isNotEqualTo("unknown");
        assertThat(FenceDeadline.SYSTEM.uptimeMillis()).isPositive();
    }
}
