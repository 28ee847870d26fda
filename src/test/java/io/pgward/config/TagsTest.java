package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.singleWarning;
import static io.pgward.config.TestConfigs.valid;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class TagsTest {

    private static Tags tags(String body) {
        return valid(TestConfigs.MINIMAL + "tags:\n" + body.indent(2)).tags();
    }

    @Test
    void noTagsMeansEligibleWithPriorityOne() {
        assertThat(valid(TestConfigs.MINIMAL).tags()).isEqualTo(Tags.none());
        assertThat(Tags.none().failoverPriority()).isEqualTo(1);
        assertThat(Tags.none().syncPriority()).isEqualTo(1);
    }

    @Test
    void nofailoverTrueMeansPriorityZero() {
        Tags t = tags("nofailover: true\n");

        assertThat(t.nofailover()).isTrue();
        assertThat(t.failoverPriority()).isZero();
        assertThat(t.published()).containsExactly(entry("nofailover", true));
    }

    @Test
    void failoverPriorityZeroMeansNofailover() {
        Tags t = tags("failover_priority: 0\n");

        assertThat(t.nofailover()).isTrue();
        assertThat(t.failoverPriority()).isZero();
        assertThat(t.published()).containsExactly(entry("failover_priority", 0));
    }

    @Test
    void nosyncTrueMeansSyncPriorityZero() {
        Tags t = tags("nosync: true\n");

        assertThat(t.nosync()).isTrue();
        assertThat(t.syncPriority()).isZero();
    }

    @Test
    void syncPriority() {
        Tags t = tags("sync_priority: 5\n");

        assertThat(t.nosync()).isFalse();
        assertThat(t.syncPriority()).isEqualTo(5);
    }

    @Test
    void falseBooleanTagsAreNotPublishedOtherTagsAreAndCascadingTagsAreAcceptedSilently() {
        LoadResult result = TestConfigs.with("tags:\n" + """
                nofailover: false
                noloadbalance: false
                clonefrom: true
                nosync: false
                nostream: false
                replicatefrom: node0
                region: eu-west
                weight: 3
                """.indent(2));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        Tags t = result.config().tags();
        assertThat(t.published()).containsExactly(entry("clonefrom", true), entry("replicatefrom", "node0"),
                entry("region", "eu-west"), entry("weight", 3));
        assertThat(t.replicatefrom()).isEqualTo("node0");
        assertThat(t.clonefrom()).isTrue();
    }

    @Test
    void nofailoverAndFailoverPriorityTogetherAreRefused() {
        Problem p = singleError(with("tags:\n  nofailover: true\n  failover_priority: 1\n"));

        assertError(p, 21, "tags.failover_priority", "set either nofailover or failover_priority, not both");
    }

    @Test
    void nosyncAndSyncPriorityTogetherAreRefused() {
        Problem p = singleError(with("tags:\n  sync_priority: 2\n  nosync: false\n"));

        assertError(p, 20, "tags.sync_priority", "set either nosync or sync_priority, not both");
    }

    @Test
    void negativePriorityIsRefused() {
        Problem p = singleError(with("tags:\n  failover_priority: -1\n"));

        assertError(p, 20, "tags.failover_priority", "must be at least 0, found -1");
    }

    @Test
    void booleanTagMustBeABoolean() {
        Problem p = singleError(with("tags:\n  nofailover: maybe\n"));

        assertError(p, 20, "tags.nofailover", "expected true or false");
    }

    @Test
    void customTagThatLooksLikeAMisspeltTagIsWarned() {
        Problem p = singleWarning(with("tags:\n  nofailver: true\n"));

        assertWarning(p, 20, "tags.nofailver", "custom tag 'nofailver' looks like 'nofailover'");
    }
}
