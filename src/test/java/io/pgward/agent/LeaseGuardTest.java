package io.pgward.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeaseGuardTest {

    private final AtomicInteger stops = new AtomicInteger();

    /** A renewal sent so long ago that its lease (minus the margin) ends {@code millisLeft} from now. */
    private static long sentAgo(long ttlSeconds, long millisLeft) {
        long lease = TimeUnit.SECONDS.toNanos(ttlSeconds) - TimeUnit.MILLISECONDS.toNanos(LeaseGuard.marginMillis(ttlSeconds));
        return System.nanoTime() - lease + TimeUnit.MILLISECONDS.toNanos(millisLeft);
    }

    @Test
    void stopsThePrimaryWhenTheLeaseRunsOutUnrenewed() {
        try (LeaseGuard guard = new LeaseGuard(System::nanoTime, stops::incrementAndGet)) {
            guard.renewed(sentAgo(30, 200), 30);
            await().atMost(Duration.ofSeconds(10)).until(() -> stops.get() == 1);
            assertThat(guard.expired()).as("disarmed after acting").isFalse();
        }
    }

    @Test
    void aRenewalMovesTheDeadline() throws Exception {
        try (LeaseGuard guard = new LeaseGuard(System::nanoTime, stops::incrementAndGet)) {
            guard.renewed(sentAgo(30, 300), 30);
            guard.renewed(System.nanoTime(), 30);
            Thread.sleep(1000);
            assertThat(stops.get()).isZero();
            assertThat(guard.expired()).isFalse();
        }
    }

    @Test
    void nothingHappensBeforeTheFirstRenewal() throws Exception {
        try (LeaseGuard guard = new LeaseGuard(System::nanoTime, stops::incrementAndGet)) {
            Thread.sleep(300);
            assertThat(guard.expired()).isFalse();
            assertThat(stops.get()).isZero();
        }
    }

    @Test
    void holdsOnlyBetweenARenewalAndItsDeadlineAndNotAfterTheGuardFired() {
        long[] now = {0};
        try (LeaseGuard guard = new LeaseGuard(() -> now[0], stops::incrementAndGet)) {
            assertThat(guard.holds()).as("never renewed").isFalse();
            guard.renewed(0, 30);
            now[0] = TimeUnit.SECONDS.toNanos(24);
            assertThat(guard.holds()).as("24 s after a renewal, deadline at 25 s").isTrue();
            now[0] = TimeUnit.SECONDS.toNanos(26);
            assertThat(guard.holds()).as("past the deadline").isFalse();
            guard.check();
            assertThat(stops.get()).isEqualTo(1);
            assertThat(guard.holds()).as("after the guard fired").isFalse();
            guard.renewed(now[0], 30);
            guard.disarm();
            assertThat(guard.holds()).as("disarmed").isFalse();
        }
    }

    @Test
    void marginIsAtLeastTwoSecondsAndASixthOfTheTtl() {
        assertThat(LeaseGuard.marginMillis(10)).isEqualTo(2000);
        assertThat(LeaseGuard.marginMillis(30)).isEqualTo(5000);
    }

    @Test
    void aDeadlineInheritedFromThePreviousAgentIsEnforced() {
        try (LeaseGuard guard = new LeaseGuard(System::nanoTime, stops::incrementAndGet)) {
            guard.inherited(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> stops.get() == 1);
        }
    }
}
