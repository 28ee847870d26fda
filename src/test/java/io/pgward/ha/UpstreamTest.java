package io.pgward.ha;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamTest {

    private static final long MB = 1024 * 1024;

    /** Leader l at 100 MB; b streams from it; c is tagged replicatefrom: b. */
    private static Situation cascade() {
        return Situation.node("c").leader("l").statusOptime(100 * MB)
                .member("b", "running", "streaming", 100 * MB, Map.of())
                .cascading("c", "b", 100 * MB);
    }

    private static Upstream.Choice of(Situation s, String name) {
        return Upstream.of(s.observe().cluster(), name);
    }

    @Nested
    class Follows {
        @Test
        void aHealthyReplicatefromMember() {
            Upstream.Choice c = of(cascade(), "c");
            assertThat(c.member()).isEqualTo("b");
            assertThat(c.why()).isEqualTo("replicatefrom b");
            assertThat(c.cascading(cascade().observe().cluster())).isTrue();
        }

        @Test
        void theLeaderWithoutTag() {
            assertThat(of(cascade(), "b")).isEqualTo(new Upstream.Choice("l", null));
        }

        @Test
        void aChainOfCascades() {
            Situation s = cascade().cascading("d", "c", 100 * MB);
            assertThat(of(s, "d").member()).isEqualTo("c");
        }

        @Test
        void aMemberHangingOffALoopThatDoesNotIncludeIt() {
            Situation s = cascade().cascading("x", "y", 100 * MB).cascading("y", "x", 100 * MB)
                    .cascading("d", "x", 100 * MB);
            assertThat(of(s, "d").member()).isEqualTo("x");
            assertThat(of(s, "x").member()).isEqualTo("l");
            assertThat(of(s, "y").member()).isEqualTo("l");
        }

        @Test
        void aMemberALittleBehindTheLeader() {
            Situation s = cascade().member("b", "running", "streaming", 100 * MB - MB / 2, Map.of());
            assertThat(of(s, "c").member()).isEqualTo("b");
        }

        @Test
        void aMemberFarBehindTheLeaderAsPublished() {
            // the two positions are published at different moments: under writes a lag rule would flap
            Situation s = cascade().member("b", "running", "streaming", 90 * MB, Map.of());
            assertThat(of(s, "c").member()).isEqualTo("b");
        }

        @Test
        void aMemberWhoseLagIsUnknown() {
            Situation s = cascade().statusOptime(0).member("b", "running", "streaming", 0, Map.of());
            assertThat(of(s, "c").member()).isEqualTo("b");
        }
    }

    @Nested
    class FallsBackToTheLeader {
        @Test
        void whenTheMemberIsGone() {
            Situation s = Situation.node("c").leader("l").cascading("c", "b", 100);
            assertThat(of(s, "c")).isEqualTo(new Upstream.Choice("l", "replicatefrom b is not a member: streaming"
                    + " from leader l"));
        }

        @Test
        void whenTheMemberIsNotRunning() {
            Situation s = cascade().member("b", "stopped", null, 100 * MB, Map.of());
            assertThat(of(s, "c").member()).isEqualTo("l");
            assertThat(of(s, "c").why()).contains("is not running (stopped)");
        }

        @Test
        void whenTheMemberDoesNotStreamItself() {
            Situation s = cascade().member("b", "running", "in archive recovery", 100 * MB, Map.of());
            assertThat(of(s, "c").member()).isEqualTo("l");
            assertThat(of(s, "c").why()).contains("is not streaming itself");
        }

        @Test
        void whenTheMemberHasNoAddress() {
            Situation s = cascade();
            s.members.replaceAll(m -> m.name().equals("b") ? new Member("b", null, null, "replica", "running",
                    100 * MB, 1, "streaming", false, 1, false, Map.of()) : m);
            assertThat(of(s, "c").why()).contains("has not published its address");
        }

        @Test
        void whenTheTagNamesTheMemberItself() {
            Situation s = cascade().cascading("c", "c", 100 * MB);
            assertThat(of(s, "c").member()).isEqualTo("l");
            assertThat(of(s, "c").why()).contains("names this member itself");
        }

        @Test
        void whenTheTagNamesTheLeaderWithoutSayingWhy() {
            Situation s = cascade().cascading("c", "l", 100 * MB);
            assertThat(of(s, "c")).isEqualTo(new Upstream.Choice("l", null));
        }

        @Test
        void whenTheMemberReplicatesFromMe() {
            Situation s = cascade().cascading("b", "c", 100 * MB);
            assertThat(of(s, "c").member()).isEqualTo("l");
            assertThat(of(s, "c").why()).contains("a replicatefrom loop");
            assertThat(of(s, "b").member()).isEqualTo("l");
        }

        @Test
        void whenALongerLoopComesBackToMe() {
            Situation s = cascade().cascading("b", "d", 100 * MB).cascading("d", "c", 100 * MB);
            assertThat(of(s, "c").member()).isEqualTo("l");
            assertThat(of(s, "b").member()).isEqualTo("l");
            assertThat(of(s, "d").member()).isEqualTo("l");
        }

        @Test
        void butAMemberOfTheLoopThatDoesNotStreamBreaksIt() {
            Situation s = cascade().member("b", "running", "in archive recovery", 100 * MB, Map.of("replicatefrom", "c"));
            assertThat(of(s, "b").member()).isEqualTo("c");
            assertThat(of(s, "c").member()).isEqualTo("l");
        }
    }

    @Test
    void withoutALeaderThereIsNoUpstream() {
        Situation s = cascade().noLeader();
        assertThat(of(s, "c")).isEqualTo(new Upstream.Choice(null, null));
    }

    @Test
    void everyNodeAgreesWhoStreamsFromWhom() {
        ClusterView v = cascade().cascading("d", "c", 100 * MB).observe().cluster();
        assertThat(Upstream.streamsFrom(v, "b", "l")).isTrue();
        assertThat(Upstream.streamsFrom(v, "c", "l")).isFalse();
        assertThat(Upstream.streamsFrom(v, "c", "b")).isTrue();
        assertThat(Upstream.streamsFrom(v, "d", "c")).isTrue();
        assertThat(Upstream.streamsFrom(v, "d", "b")).isFalse();
    }

    @Test
    void theLeaderFeedsACascadeThroughItsFirstMember() {
        ClusterView v = cascade().cascading("d", "c", 100 * MB).observe().cluster();
        assertThat(Upstream.fedByLeaderThrough(v, "d")).isEqualTo("b");
        assertThat(Upstream.fedByLeaderThrough(v, "c")).isEqualTo("b");
        assertThat(Upstream.fedByLeaderThrough(v, "b")).isEqualTo("b");
        assertThat(Upstream.fedByLeaderThrough(cascade().noLeader().observe().cluster(), "c")).isEqualTo("c");
    }

    @Test
    void theActualUpstreamIsNamedByTheSendersAddress() {
        ClusterView v = cascade().observe().cluster();
        String bAddress = java.net.URI.create(v.member("b").orElseThrow().connUrl()).getAuthority();
        assertThat(Upstream.actual(v, bAddress)).isEqualTo("b");
        assertThat(Upstream.actual(v, "10.0.0.9:5432")).isEqualTo("10.0.0.9:5432");
        assertThat(Upstream.actual(v, null)).isNull();
        assertThat(Upstream.actual(null, bAddress)).isEqualTo(bAddress);
    }
}
