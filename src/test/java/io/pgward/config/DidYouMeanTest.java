package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    private static final List<String> KEYS = List.of("ttl", "loop_wait", "retry_timeout", "synchronous_mode",
            "synchronous_mode_strict", "maximum_lag_on_failover");

    @Test
    void transpositionCountsAsOneEdit() {
        assertThat(DidYouMean.distance("loop_wiat", "loop_wait")).isEqualTo(1);
        assertThat(DidYouMean.suggest("loop_wiat", KEYS)).contains("loop_wait");
    }

    @Test
    void upToTwoEdits() {
        assertThat(DidYouMean.suggest("retry_timout", KEYS)).contains("retry_timeout");
        assertThat(DidYouMean.suggest("tl", KEYS)).contains("ttl");
        assertThat(DidYouMean.suggest("TTL", KEYS)).contains("ttl");
        assertThat(DidYouMean.suggest("retry_xyz", KEYS)).isEmpty();
    }

    @Test
    void prefixOfAKnownKey() {
        assertThat(DidYouMean.suggest("maximum_lag", KEYS)).contains("maximum_lag_on_failover");
        assertThat(DidYouMean.suggest("synchronous_mode_stric", KEYS)).contains("synchronous_mode_strict");
    }

    @Test
    void typoIgnoresPrefixes() {
        assertThat(DidYouMean.typo("maximum_lag", KEYS)).isEmpty();
        assertThat(DidYouMean.typo("tll", KEYS)).contains("ttl");
    }

    @Test
    void nothingCloseGivesNothing() {
        assertThat(DidYouMean.suggest("zz", KEYS)).isEmpty();
        assertThat(DidYouMean.hint("database", KEYS)).isEmpty();
        assertThat(DidYouMean.hint("ttll", KEYS)).isEqualTo(" (did you mean 'ttl'?)");
    }
}
