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
