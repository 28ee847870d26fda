package io.pgward.agent;

import io.pgward.PgwardException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PauseTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anInterruptedPauseEndsAtOnceAndKeepsTheFlagForTheCancelledTask() {
        Thread.currentThread().interrupt();
        Pause.briefly(60_000);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anInterruptedWaitThatMustNotGoOnFailsNamingWhatItWaitedFor() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Pause.orFail(60_000, "the archive"))
                .isInstanceOf(PgwardException.class).hasMessage("interrupted while waiting for the archive");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
