package io.pgward.ha;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HaLoopTest {

    private final Observation steady = Situation.node("a").leader("b").observe();
    private final AtomicInteger cycles = new AtomicInteger();
    private final AtomicInteger asked = new AtomicInteger();

    /** A loop with a ten-minute loop_wait, started on its own thread. */
    private HaLoop start(BooleanSupplier localChanged) {
        HaLoop loop = new HaLoop(() -> {
            cycles.incrementAndGet();
            return steady;
        }, (action, o) -> { }, () -> Duration.ofMinutes(10), new DecisionHistory(10), new AgentCounters(),
                () -> {
                    asked.incrementAndGet();
                    return localChanged.getAsBoolean();
                });
        new Thread(loop, "ha-loop-test").start();
        return loop;
    }

    @Test
    void aLocalChangeStartsTheNextCycleLongBeforeLoopWait() {
        HaLoop loop = start(() -> asked.get() == 2);
        try {
            // the second question (about two ticks into the sleep) says "changed": a second cycle, not ten minutes later
            await().atMost(Duration.ofSeconds(30)).until(() -> cycles.get() >= 2);
        } finally {
            loop.stop();
        }
        assertThat(asked.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFailingLocalCheckDoesNotEndTheLoop() {
        HaLoop loop = start(() -> {
            throw new IllegalStateException("no answer");
        });
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> asked.get() >= 2);
            loop.wakeup();
            await().atMost(Duration.ofSeconds(30)).until(() -> cycles.get() == 2);
        } finally {
            loop.stop();
        }
    }

    @Test
    void withoutALocalChangeTheLoopSleepsUntilWokenOrLoopWait() {
        HaLoop loop = start(() -> false);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> asked.get() >= 2);
            assertThat(cycles.get()).isEqualTo(1);
            loop.wakeup();
            await().atMost(Duration.ofSeconds(30)).until(() -> cycles.get() == 2);
        } finally {
            loop.stop();
        }
    }
}
