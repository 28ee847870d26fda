package io.pgward.agent;

import io.pgward.agent.ScheduledRestart.Verdict;
import io.pgward.api.RestartRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduledRestartTest {

    private static final Instant AT = Instant.parse("2026-06-01T13:00:00Z");
    private static final String STARTED = "2026-06-01 11:00:00+00";

    private static ScheduledRestart scheduled() {
        return new ScheduledRestart(new RestartRequest(AT, null, false, null, Duration.ofSeconds(300)), STARTED);
    }

    @Test
    void waitsForItsTime() {
        assertThat(scheduled().evaluate(AT.minusSeconds(1), 10, false, STARTED)).isEqualTo(Verdict.WAIT);
    }

    @Test
    void runsWhenDueAndUpToOneAndAHalfLoopWaitsLate() {
        assertThat(scheduled().evaluate(AT, 10, false, STARTED)).isEqualTo(Verdict.RUN);
        assertThat(scheduled().evaluate(AT.plusSeconds(15), 10, false, STARTED)).isEqualTo(Verdict.RUN);
        assertThat(scheduled().evaluate(AT.plusSeconds(16), 10, false, STARTED)).isEqualTo(Verdict.STALE);
    }

    @Test
    void waitsWhilePaused() {
        assertThat(scheduled().evaluate(AT.plusSeconds(5), 10, true, STARTED)).isEqualTo(Verdict.WAIT);
    }

    @Test
    void aRestartMeanwhileMakesItMoot() {
        assertThat(scheduled().evaluate(AT, 10, false, "2026-06-01 12:30:00+00")).isEqualTo(Verdict.ALREADY_RESTARTED);
        assertThat(scheduled().evaluate(AT, 10, false, null)).as("PostgreSQL not answering: no evidence")
                .isEqualTo(Verdict.RUN);
    }
}
