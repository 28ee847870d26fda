package io.pgward.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SlotJanitorTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(30);
    private final SlotJanitor janitor = new SlotJanitor();

    @Test
    void aDepartedMembersSlotIsDroppedOnlyAfterTheTtl() {
        janitor.review(List.of("n2", "n3"), Map.of("n2", true, "n3", true), List.of(), T0, TTL);
        Map<String, Boolean> n3Idle = Map.of("n2", true, "n3", false);
        assertThat(janitor.review(List.of("n2"), n3Idle, List.of(), T0.plusSeconds(1), TTL).drop()).isEmpty();
        assertThat(janitor.review(List.of("n2"), n3Idle, List.of(), T0.plus(TTL), TTL).drop()).isEmpty();
        assertThat(janitor.review(List.of("n2"), n3Idle, List.of(), T0.plus(TTL).plusSeconds(1), TTL).drop())
                .containsExactly("n3");
    }

    @Test
    void aMemberThatComesBackKeepsItsSlot() {
        janitor.review(List.of("n2"), Map.of("n2", false), List.of(), T0, TTL);
        janitor.review(List.of(), Map.of("n2", false), List.of(), T0.plusSeconds(60), TTL);
        janitor.review(List.of("n2"), Map.of("n2", true), List.of(), T0.plusSeconds(120), TTL);
        assertThat(janitor.review(List.of(), Map.of("n2", false), List.of(), T0.plus(TTL).plusSeconds(121), TTL)
                .drop()).as("the clock restarted when n2 left again").isEmpty();
    }

    @Test
    void anActiveSlotIsNeverDropped() {
        janitor.review(List.of("n2"), Map.of("n2", true), List.of(), T0, TTL);
        assertThat(janitor.review(List.of(), Map.of("n2", true), List.of(), T0.plus(Duration.ofDays(1)), TTL).drop())
                .isEmpty();
    }

    @Test
    void zeroTtlDropsAtOnce() {
        janitor.review(List.of("n2"), Map.of("n2", true), List.of(), T0, Duration.ZERO);
        assertThat(janitor.review(List.of(), Map.of("n2", false), List.of(), T0.plusSeconds(2), Duration.ZERO).drop())
                .containsExactly("n2");
    }

    @Test
    void slotsOfUnknownOriginAreReportedOnceAndKept() {
        var first = janitor.review(List.of("n2"), Map.of("n2", true, "barman", false), List.of(), T0, TTL);
        assertThat(first.unknown()).containsExactly("barman");
        var later = janitor.review(List.of("n2"), Map.of("n2", true, "barman", false), List.of(),
                T0.plus(Duration.ofDays(2)), TTL);
        assertThat(later.unknown()).isEmpty();
        assertThat(later.drop()).isEmpty();
    }

    @Test
    void permanentSlotsAreNeverDropped() {
        janitor.review(List.of("n2", "keep"), Map.of("n2", true, "keep", false), List.of(), T0, TTL);
        var r = janitor.review(List.of("n2"), Map.of("n2", true, "keep", false), List.of("keep"),
                T0.plus(Duration.ofDays(1)), TTL);
        assertThat(r.drop()).isEmpty();
        assertThat(r.unknown()).isEmpty();
    }
}
