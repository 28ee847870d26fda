package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembersTest {

    private final ClusterView view = Views.threeNodes();

    private static List<String> names(List<Member> members) {
        return members.stream().map(Member::name).toList();
    }

    @Test
    void selectsByRole() {
        assertThat(names(Members.select(view, "demo", List.of(), Members.Role.ANY)))
                .containsExactly("node1", "node2", "node3");
        assertThat(names(Members.select(view, "demo", List.of(), Members.Role.PRIMARY))).containsExactly("node1");
        assertThat(names(Members.select(view, "demo", List.of(), Members.Role.LEADER))).containsExactly("node1");
        assertThat(names(Members.select(view, "demo", List.of(), Members.Role.REPLICA)))
                .containsExactly("node2", "node3");
        assertThat(Members.select(view, "demo", List.of(), Members.Role.STANDBY_LEADER)).isEmpty();
    }

    @Test
    void namesAndRoleCombine() {
        assertThat(names(Members.select(view, "demo", List.of("node3", "node1"), Members.Role.REPLICA)))
                .containsExactly("node3");
    }

    @Test
    void aLeadingClusterNameIsSkippedAsPatronictlTakesIt() {
        assertThat(names(Members.select(view, "demo", List.of("demo", "node2"), Members.Role.ANY)))
                .containsExactly("node2");
    }

    @Test
    void anUnknownNameIsAnErrorListingTheMembers() {
        assertThatThrownBy(() -> Members.select(view, "demo", List.of("node9"), Members.Role.ANY))
                .isInstanceOf(PgwardException.class)
                .hasMessage("member 'node9' is not in cluster 'demo'; its members are: node1, node2, node3");
    }

    @Test
    void roleNamesIncludingPatroniSynonyms() {
        assertThat(Members.Role.parse("master")).isEqualTo(Members.Role.PRIMARY);
        assertThat(Members.Role.parse("standby_leader")).isEqualTo(Members.Role.STANDBY_LEADER);
        assertThat(Members.Role.parse("Replica")).isEqualTo(Members.Role.REPLICA);
        assertThatThrownBy(() -> Members.Role.parse("boss")).hasMessageContaining("use leader, primary");
    }

    @Test
    void pickGivesTheLeaderByDefaultAndARunningReplicaForReplica() {
        ClusterView v = Views.keys().leader("node1").primary("node1", 5432, 100)
                .member("node2", 5433, "replica", "stopped", 0, null, "{}").replica("node3", 5434, 100).view();
        assertThat(Members.pick(v, "demo", null, Members.Role.LEADER).map(Member::name)).contains("node1");
        assertThat(Members.pick(v, "demo", null, Members.Role.REPLICA).map(Member::name)).contains("node3");
        assertThat(Members.pick(v, "demo", "node2", Members.Role.LEADER).map(Member::name)).contains("node2");
        ClusterView unlocked = Views.keys().replica("node2", 5433, 100).view();
        assertThat(Members.pick(unlocked, "demo", null, Members.Role.LEADER)).isEmpty();
    }

    @Test
    void candidatesAreRunningNonLeadersWithoutNofailover() {
        ClusterView v = Views.threeNodeKeys().member("node4", 5435, "replica", "stopped", 0, null, "{}").view();
        assertThat(names(Members.candidates(v))).containsExactly("node2");
    }

    @Test
    void restartRoleFilterNamesTheRoleTheServerChecks() {
        Member leader = view.leaderMember().orElseThrow();
        assertThat(Members.Role.ANY.restartFilter(leader)).isNull();
        assertThat(Members.Role.LEADER.restartFilter(leader)).isEqualTo("primary");
        assertThat(Members.Role.REPLICA.restartFilter(view.member("node2").orElseThrow())).isEqualTo("replica");
    }

    @Test
    void dsnComesFromConnUrl() {
        assertThat(DsnCommand.dsn(view.member("node2").orElseThrow())).isEqualTo("host=127.0.0.1 port=5433");
        Member ipv6 = io.pgward.dcs.WireFormat.member("x", "{\"conn_url\":\"postgres://[::1]:6432/postgres\"}");
        assertThat(DsnCommand.dsn(ipv6)).isEqualTo("host=::1 port=6432");
    }

    @Test
    void dsnWithoutALeaderIsRefused() {
        ClusterView unlocked = Views.keys().replica("node2", 5433, 100).view();
        assertThatThrownBy(() -> DsnCommand.choose(unlocked, "demo", new DsnCommand.Target()))
                .isInstanceOf(Refused.class).hasMessageContaining("has no leader (the cluster is unlocked)");
    }
}
