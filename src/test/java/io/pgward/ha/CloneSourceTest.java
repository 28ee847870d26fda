package io.pgward.ha;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CloneSourceTest {

    private static final Map<String, Object> CLONEFROM = Map.of("clonefrom", true);

    private static ClusterView view(Situation s) {
        return s.observe().cluster();
    }

    @Test
    void withoutTaggedMembersTheLeader() {
        Situation s = Situation.node("n").emptyDataDir().leader("l").member("b", "running", "streaming", 100, Map.of());
        assertThat(CloneSource.choose(view(s), "n", 7)).isEqualTo("l");
    }

    @Test
    void aRunningStreamingTaggedMember() {
        Situation s = Situation.node("n").leader("l").member("b", "running", "streaming", 100, CLONEFROM);
        assertThat(CloneSource.choose(view(s), "n", 7)).isEqualTo("b");
    }

    @Test
    void theSeedSpreadsClonesOverTheCandidates() {
        Situation s = Situation.node("n").leader("l").member("b", "running", "streaming", 100, CLONEFROM)
                .member("c", "running", "streaming", 100, CLONEFROM);
        Set<String> picked = new HashSet<>();
        for (long seed = -3; seed < 4; seed++) {
            picked.add(CloneSource.choose(view(s), "n", seed));
        }
        assertThat(picked).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aTaggedLeaderIsACandidate() {
        Situation s = Situation.node("n").leader("l");
        s.members.replaceAll(m -> new Member("l", "http://h/l", "postgres://h:5432/postgres", "primary", "running", 100,
                1, null, false, 1, false, CLONEFROM));
        assertThat(CloneSource.candidates(view(s), "n")).extracting(Member::name).containsExactly("l");
    }

    @Test
    void taggedMembersThatCannotServeAreSkipped() {
        Situation s = Situation.node("n").leader("l")
                .member("stopped", "stopped", null, 100, CLONEFROM)
                .member("archive", "running", "in archive recovery", 100, CLONEFROM)
                .member("n", "running", "streaming", 100, CLONEFROM);
        assertThat(CloneSource.candidates(view(s), "n")).isEmpty();
        assertThat(CloneSource.choose(view(s), "n", 1)).isEqualTo("l");
    }

    @Test
    void aLeaderWithoutAddressAndNoCandidateGivesNothing() {
        Situation s = Situation.node("n").leader("l");
        s.members.clear();
        assertThat(CloneSource.choose(view(s), "n", 1)).isNull();
    }
}
