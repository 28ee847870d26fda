package io.pgward.ha;

import io.pgward.ha.ReceiverNudge.Receiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiverNudgeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static Receiver streaming(long silentMillis) {
        return new Receiver("streaming", Duration.ofMillis(silentMillis), TIMEOUT, "10.0.0.1:5432");
    }

    @Test
    void aReceiverThatHeardFromItsUpstreamLatelyIsNeverRestarted() {
        // half the timeout (the receiver's ping) plus the unanswered-ping margin: still a live connection
        Receiver r = streaming(12_000);
        assertThat(ReceiverNudge.looksStuck(r)).isFalse();
        assertThat(ReceiverNudge.decide(r, true, null).nudge()).isFalse();
        assertThat(ReceiverNudge.decide(r, true, null).reason()).contains("heard from its upstream 12.0 s ago");
    }

    @Test
    void aSilentReceiverWhoseUpstreamAnswersAgainIsRestarted() {
        Receiver r = streaming(12_001);
        assertThat(ReceiverNudge.looksStuck(r)).isTrue();
        ReceiverNudge.Verdict v = ReceiverNudge.decide(r, true, null);
        assertThat(v.nudge()).isTrue();
        assertThat(v.reason()).contains("heard nothing from 10.0.0.1:5432 for 12.0 s", "wal_receiver_timeout 20.0 s");
    }

    @Test
    void whileTheUpstreamDoesNotAnswerTheReceiverIsLeftAlone() {
        ReceiverNudge.Verdict v = ReceiverNudge.decide(streaming(30_000), false, null);
        assertThat(v.nudge()).isFalse();
        assertThat(v.reason()).contains("does not answer");
    }

    @Test
    void aReceiverIsNotRestartedTwiceWithinTheMinimumInterval() {
        assertThat(ReceiverNudge.decide(streaming(30_000), true, Duration.ofSeconds(4)).nudge()).isFalse();
        assertThat(ReceiverNudge.decide(streaming(30_000), true, ReceiverNudge.MIN_INTERVAL).nudge()).isTrue();
    }

    @Test
    void withoutWalReceiverTimeoutSilenceProvesNothing() {
        Receiver r = new Receiver("streaming", Duration.ofMinutes(5), Duration.ZERO, "10.0.0.1:5432");
        assertThat(ReceiverNudge.looksStuck(r)).isFalse();
        assertThat(ReceiverNudge.decide(r, true, null).reason()).contains("wal_receiver_timeout is 0");
    }

    @Test
    void onlyAStreamingReceiverWithAKnownUpstreamIsJudged() {
        Receiver waiting = new Receiver("waiting", Duration.ofMinutes(1), TIMEOUT, "10.0.0.1:5432");
        Receiver unknown = new Receiver("streaming", Duration.ofMinutes(1), TIMEOUT, null);
        assertThat(ReceiverNudge.looksStuck(waiting)).isFalse();
        assertThat(ReceiverNudge.decide(waiting, true, null).nudge()).isFalse();
        assertThat(ReceiverNudge.looksStuck(unknown)).isFalse();
        assertThat(ReceiverNudge.decide(unknown, true, null).nudge()).isFalse();
        assertThat(ReceiverNudge.decide(null, true, null).reason()).contains("no WAL receiver runs");
    }
}
