package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.singleWarning;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** loop_wait + 2*retry_timeout <= ttl is what lets a primary cut off from etcd demote before its lease expires. */
class TimingTest {

    private static LoadResult dcs(String body) {
        return with("bootstrap:\n  dcs:\n" + body.indent(4));
    }

    @Test
    void ruleViolationNamesTheThreeValuesAtTheDcsLine() {
        Problem p = singleError(dcs("ttl: 30\nloop_wait: 10\nretry_timeout: 15\n"));

        assertError(p, 20, "bootstrap.dcs", "loop_wait (10) + 2 * retry_timeout (15) = 40 exceeds ttl (30)",
                "loop_wait + 2*retry_timeout <= ttl");
    }

    @Test
    void ruleUsesDefaultsForMissingValues() {
        Problem p = singleError(dcs("ttl: 25\n"));

        assertError(p, 20, "bootstrap.dcs", "loop_wait (10) + 2 * retry_timeout (10) = 30 exceeds ttl (25)");
    }

    @Test
    void exactlyOnTheLimitIsFine() {
        Config c = valid(TestConfigs.MINIMAL + "bootstrap:\n  dcs:\n    ttl: 20\n    loop_wait: 4\n    retry_timeout: 8\n");

        assertThat(c.bootstrap().dynamicConfig().ttl()).isEqualTo(20);
        assertThat(c.bootstrap().dynamicConfig().loopWait()).isEqualTo(4);
    }

    @Test
    void ttlBelowPatronisMinimumNamesTheFastProfileOptIn() {
        LoadResult result = dcs("ttl: 10\nloop_wait: 1\nretry_timeout: 3\n");

        Problem p = singleError(result);
        assertError(p, 21, "bootstrap.dcs.ttl", "must be at least 20 (Patroni's minimum), found 10",
                "fast_profile: true");
    }

    @Test
    void ttlBelowEvenTheFastProfilesMinimum() {
        Problem p = singleError(dcs("ttl: 5\nloop_wait: 1\nretry_timeout: 3\n"));

        assertError(p, 21, "bootstrap.dcs.ttl", "must be at least 20, found 5");
        Problem fast = singleError(dcs("fast_profile: true\nttl: 7\nloop_wait: 1\nretry_timeout: 3\n"));
        assertError(fast, 22, "bootstrap.dcs.ttl", "must be at least 8, found 7");
    }

    @Test
    void theFastProfileAcceptsAShortLeaseWithAWarningThatPatroniWouldRefuseIt() {
        LoadResult result = dcs("fast_profile: true\nttl: 10\nloop_wait: 1\nretry_timeout: 3\n");

        assertWarning(singleWarning(result), 22, "bootstrap.dcs.ttl", "below Patroni's minimum of 20",
                "fast_profile is on", "Patroni would refuse it");
        assertThat(result.config().bootstrap().dynamicConfig().ttl()).isEqualTo(10);
    }

    @Test
    void theFastProfileKeepsTheTimingRule() {
        Problem p = singleError(dcs("fast_profile: true\nttl: 10\nloop_wait: 2\nretry_timeout: 5\n"));

        assertError(p, 20, "bootstrap.dcs", "loop_wait (2) + 2 * retry_timeout (5) = 12 exceeds ttl (10)");
    }

    @Test
    void theFastProfileMustBeABoolean() {
        Problem p = singleError(dcs("fast_profile: sometimes\nttl: 30\n"));

        assertError(p, 21, "bootstrap.dcs.fast_profile", "expected true or false");
    }

    @Test
    void loopWaitBelowMinimum() {
        Problem p = singleError(dcs("loop_wait: 0\n"));

        assertError(p, 21, "bootstrap.dcs.loop_wait", "must be at least 1, found 0");
    }

    @Test
    void retryTimeoutBelowMinimum() {
        Problem p = singleError(dcs("retry_timeout: 2\n"));

        assertError(p, 21, "bootstrap.dcs.retry_timeout", "must be at least 3, found 2");
    }

    @Test
    void timingValuesMustBeIntegers() {
        Problem p = singleError(dcs("ttl: 30s\n"));

        assertError(p, 21, "bootstrap.dcs.ttl", "expected an integer, found a string ('30s')");
    }

    @Test
    void digitStringsAreCoercedAsPatroniDoes() {
        Config c = valid(TestConfigs.MINIMAL + "bootstrap:\n  dcs:\n    ttl: '40'\n    loop_wait: \"5\"\n");

        assertThat(c.bootstrap().dynamicConfig().ttl()).isEqualTo(40);
        assertThat(c.bootstrap().dynamicConfig().loopWait()).isEqualTo(5);
        assertThat(c.bootstrap().dcs()).containsEntry("ttl", "40");
    }
}
