package io.pgward.ha;

import io.pgward.config.DynamicConfig;
import io.pgward.ha.SyncPlanner.StreamingStandby;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SyncPlannerTest {

    private static final DynamicConfig SYNC = DynamicConfig.fromMap(Map.of("synchronous_mode", true));
    private static final DynamicConfig SYNC2 = DynamicConfig.fromMap(Map.of("synchronous_mode", true,
            "synchronous_node_count", 2));
    private static final DynamicConfig STRICT = DynamicConfig.fromMap(Map.of("synchronous_mode", true,
            "synchronous_mode_strict", true));

    private static Member member(String name, Map<String, Object> tags) {
        boolean nosync = Boolean.TRUE.equals(tags.get("nosync"));
        return new Member(name, null, null, "replica", "running", 0, 1, "streaming", false, 1, nosync, tags);
    }

    private static final List<Member> MEMBERS = List.of(member("a", Map.of()), member("b", Map.of()),
            member("c", Map.of()), member("d", Map.of("nosync", true)), member("e", Map.of("sync_priority", 5)),
            member("f", Map.of("nostream", true)));

    private static List<StreamingStandby> streaming(Object... nameLsn) {
        List<StreamingStandby> out = new java.util.ArrayList<>();
        for (int i = 0; i < nameLsn.length; i += 2) {
            out.add(new StreamingStandby((String) nameLsn[i], ((Number) nameLsn[i + 1]).longValue()));
        }
        return out;
    }

    @Test
    void asynchronousModeChoosesNobody() {
        assertThat(SyncPlanner.choose(DynamicConfig.defaults(), SyncState.EMPTY, MEMBERS, streaming("b", 10)))
                .isEmpty();
    }

    @Test
    void furthestAheadStreamingStandbyIsChosen() {
        assertThat(SyncPlanner.choose(SYNC, SyncState.EMPTY, MEMBERS, streaming("b", 10, "c", 20))).containsExactly("c");
    }

    @Test
    void currentSyncStandbyIsKeptWhileItStreams() {
        SyncState current = new SyncState("a", List.of("b"), 3);
        assertThat(SyncPlanner.choose(SYNC, current, MEMBERS, streaming("b", 10, "c", 20))).containsExactly("b");
    }

    @Test
    void nosyncAndNostreamAreNeverChosen() {
        assertThat(SyncPlanner.choose(SYNC, SyncState.EMPTY, MEMBERS, streaming("d", 99, "f", 99))).isEmpty();
    }

    @Test
    void higherSyncPriorityWinsOverWalPosition() {
        assertThat(SyncPlanner.choose(SYNC, SyncState.EMPTY, MEMBERS, streaming("c", 50, "e", 10))).containsExactly("e");
    }

    @Test
    void unknownApplicationNamesAreIgnored() {
        assertThat(SyncPlanner.choose(SYNC, SyncState.EMPTY, MEMBERS, streaming("pg_basebackup", 99))).isEmpty();
    }

    @Test
    void nodeCountLimitsTheSet() {
        assertThat(SyncPlanner.choose(SYNC2, SyncState.EMPTY, MEMBERS, streaming("a", 1, "b", 2, "c", 3)))
                .containsExactly("b", "c");
    }

    @Test
    void standbyNamesRendering() {
        assertThat(SyncPlanner.standbyNames(SYNC, List.of("b"))).isEqualTo("1 (\"b\")");
        assertThat(SyncPlanner.standbyNames(SYNC2, List.of("b", "c"))).isEqualTo("2 (\"b\",\"c\")");
        assertThat(SyncPlanner.standbyNames(SYNC, List.of())).as("non-strict falls back to async").isEmpty();
        assertThat(SyncPlanner.standbyNames(STRICT, List.of()))
                .isEqualTo("\"" + SyncPlanner.STRICT_PLACEHOLDER + "\"");
        assertThat(SyncPlanner.standbyNames(DynamicConfig.defaults(), List.of("b"))).isEmpty();
    }
}
