package io.pgward.it;

import java.time.Duration;

/** Every integration-test timeout goes through here, scaled by -Dpgward.test.timeScale for slow machines. */
final class TestTime {
    private static final double SCALE = Double.parseDouble(System.getProperty("pgward.test.timeScale", "1"));

    private TestTime() {}

    static Duration seconds(long s) {
        return Duration.ofMillis((long) (s * 1000 * SCALE));
    }
}
