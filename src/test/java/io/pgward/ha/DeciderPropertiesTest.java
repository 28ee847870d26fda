package io.pgward.ha;

import io.pgward.config.DynamicConfig;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of {@link Decider} over generated cluster states. */
class DeciderPropertiesTest {

    private static final List<String> NAMES = List.of("a", "b", "c");

    record World(String leader, boolean paused, long optime, List<LocalState> locals, List<Boolean> renewed,
                 List<PeerStatus> peers) {}

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<String> leader = Arbitraries.of("a", "b", "c", "none").map(s -> s.equals("none") ? null : s);
        Arbitrary<LocalState> local = Combinators.combine(
                Arbitraries.of(DataDir.values()), Arbitraries.of(PgState.values()), Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 3), Arbitraries.longs().between(0, 5_000_000),
                Arbitraries.of("a", "b", "c", "none"))
                .as((dd, pg, rec, tl, wal, up) -> new LocalState(dd, dd == DataDir.EMPTY ? null : "7300000000000000001",
                        dd == DataDir.EMPTY ? PgState.STOPPED : pg, rec, tl, wal, up.equals("none") ? null : up, rec));
        Arbitrary<PeerStatus> peer = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.longs().between(0, 5_000_000))
                .as((n, reach, rec, wal) -> new PeerStatus(n, reach, rec, wal, false, 1));
        return Combinators.combine(leader, Arbitraries.of(true, false), Arbitraries.longs().between(0, 5_000_000),
                local.list().ofSize(3), Arbitraries.of(true, false).list().ofSize(3), peer.list().ofMaxSize(3))
                .as(World::new);
    }

    private static Observation observation(World w, int i) {
        List<Member> members = new ArrayList<>();
        for (String n : NAMES) {
            members.add(new Member(n, "http://h/" + n, "postgres://h:1/postgres", "replica", "running", 0, 1, null,
                    false, 1, false, Map.of()));
        }
        ClusterView view = new ClusterView(w.leader(), "7300000000000000001", members,
                DynamicConfig.fromMap(w.paused() ? Map.of("pause", true) : Map.of()), true, 1, null, w.optime(), List.of(),
                SyncState.EMPTY);
        return new Observation(NAMES.get(i), view, w.renewed().get(i), w.locals().get(i), null, w.peers(), false, 1, true, Instant.EPOCH);
    }

    private static boolean keepsOrBecomesWritable(Action a) {
        return a instanceof Action.Promote || a instanceof Action.LeadAsPrimary || a instanceof Action.StartPrimary;
    }

    @Property(tries = 2000)
    void neverPromotesOrStaysPrimaryWithoutHoldingTheKey(@ForAll("worlds") World w) {
        for (int i = 0; i < NAMES.size(); i++) {
            Observation o = observation(w, i);
            Action a = Decider.decide(o);
            if (keepsOrBecomesWritable(a)) {
                assertThat(o.holdsLeaderKey()).as("%s decided %s", NAMES.get(i), a).isTrue();
                assertThat(o.leaseRenewed()).isTrue();
            }
        }
    }

    @Property(tries = 2000)
    void atMostOneMemberDecidesToBePrimary(@ForAll("worlds") World w) {
        long primaries = 0;
        for (int i = 0; i < NAMES.size(); i++) {
            if (keepsOrBecomesWritable(Decider.decide(observation(w, i)))) {
                primaries++;
            }
        }
        assertThat(primaries).isLessThanOrEqualTo(1);
    }

    @Property(tries = 2000)
    void aPrimaryWithoutTheKeyWhileAnotherHoldsItAlwaysDemotes(@ForAll("worlds") World w) {
        for (int i = 0; i < NAMES.size(); i++) {
            Observation o = observation(w, i);
            if (o.local().runningAsPrimary() && o.cluster().hasLeader() && !o.holdsLeaderKey() && !o.paused()) {
                assertThat(Decider.decide(o)).isInstanceOf(Action.Demote.class);
            }
        }
    }

    @Property(tries = 2000)
    void aPossiblyWritableServerWithoutTheKeyWhileAnotherHoldsItAlwaysDemotes(@ForAll("worlds") World w) {
        for (int i = 0; i < NAMES.size(); i++) {
            Observation o = observation(w, i);
            if (o.local().possiblyWritable() && o.cluster().hasLeader() && !o.holdsLeaderKey() && !o.paused()) {
                assertThat(Decider.decide(o)).as("%s with %s", NAMES.get(i), o.local()).isInstanceOf(Action.Demote.class);
            }
        }
    }

    /** As Patroni: while paused PostgreSQL is never stopped on the agent's own initiative (an operator's switchover only). */
    @Property(tries = 2000)
    void whilePausedNothingIsDemotedButForASwitchover(@ForAll("worlds") World w) {
        for (int i = 0; i < NAMES.size(); i++) {
            Observation o = observation(w, i);
            Action a = Decider.decide(o);
            if (o.paused()) {
                assertThat(a instanceof Action.Demote d && d.mode() != Action.DemoteMode.GRACEFUL)
                        .as("%s decided %s while paused", NAMES.get(i), a).isFalse();
                assertThat(a).isNotInstanceOf(Action.CheckDivergence.class);
            }
        }
    }

    @Property(tries = 1000)
    void everyDecisionHasAReason(@ForAll("worlds") World w) {
        for (int i = 0; i < NAMES.size(); i++) {
            assertThat(Decider.decide(observation(w, i)).reason()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void withoutEtcdNobodyStaysOrBecomesPrimary(@ForAll("worlds") World w) {
        for (LocalState local : w.locals()) {
            Action a = Decider.decide(new Observation("a", null, false, local, null, List.of(), false, 1, true, Instant.EPOCH));
            assertThat(keepsOrBecomesWritable(a) || a instanceof Action.AcquireLeader).isFalse();
            if (local.possiblyWritable()) {
                assertThat(a).isInstanceOf(Action.Demote.class);
            }
        }
    }
}
