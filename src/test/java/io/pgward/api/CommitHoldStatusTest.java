package io.pgward.api;

import io.pgward.config.Config;
import io.pgward.ha.LocalState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A primary holding its commits says so in {@code GET /patroni} and {@code /metrics}, and only then. */
class CommitHoldStatusTest {

    private static final Config CONFIG = TestNode.config(8008, "");
    private static final Instant SINCE = Instant.parse("2026-12-03T12:00:00Z");

    private static NodeSnapshot snapshot(NodeSnapshot.HeldCommits hold) {
        Instant now = Instant.now();
        return new NodeSnapshot(null, LocalState.noData(), null, "running", now, now, List.of(), Map.of(), null, null,
                null, false, hold);
    }

    @Test
    void aHeldPrimaryShowsWhyAndSinceWhen() {
        var s = snapshot(new NodeSnapshot.HeldCommits("no etcd member answered for 2.0s", SINCE));
        assertThat(StatusJson.patroni(CONFIG, s)).containsEntry("commit_hold",
                Map.of("reason", "no etcd member answered for 2.0s", "since", SINCE.getEpochSecond()));
        assertThat(Metrics.render(CONFIG, s, Instant.now())).contains("pgward_commit_hold{").containsPattern(
                "pgward_commit_hold\\{[^}]*} 1\\n");
    }

    @Test
    void withoutAHoldThereIsNoFieldAndTheMetricIsZero() {
        var s = snapshot(null);
        assertThat(StatusJson.patroni(CONFIG, s)).doesNotContainKey("commit_hold");
        assertThat(Metrics.render(CONFIG, s, Instant.now())).containsPattern("pgward_commit_hold\\{[^}]*} 0\\n");
    }
}
