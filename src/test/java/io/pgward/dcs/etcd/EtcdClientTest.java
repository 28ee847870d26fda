package io.pgward.dcs.etcd;

import io.pgward.PgwardException.Code;
import io.pgward.dcs.etcd.EtcdException.Kind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pgward.dcs.etcd.FakeEtcdTransport.HANGS;
import static io.pgward.dcs.etcd.FakeEtcdTransport.REFUSES_CONNECTIONS;
import static io.pgward.dcs.etcd.FakeEtcdTransport.error;
import static io.pgward.dcs.etcd.FakeEtcdTransport.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdClientTest {

    private static final String A = "http://a:2379";
    private static final String B = "http://b:2379";
    private static final String C = "http://c:2379";
    private static final String RANGE = "{\"header\":{\"revision\":\"7\"},\"kvs\":[]}";
    private static final String TOKEN_ONE = "{\"token\":\"one\"}";
    private static final String TOKEN_TWO = "{\"token\":\"two\"}";

    private final FakeEtcdTransport etcd = new FakeEtcdTransport();

    private EtcdClient client(String user) {
        return new EtcdClient(List.of(A, B, C), Duration.ofMillis(3000), Duration.ofMillis(6000), user,
                user == null ? null : "secret", etcd, etcd);
    }

    @Nested
    class TimeBudget {
        @Test
        void aFrozenFirstMemberCostsOneThirdOfTheBudgetNotAllOfIt() {
            etcd.member(A, HANGS).member(B, ok(RANGE)).member(C, ok(RANGE));
            assertThat(client(null).get("/k").revision()).isEqualTo(7);
            var ranges = etcd.to("/v3/kv/range");
            assertThat(ranges).extracting(FakeEtcdTransport.Sent::endpoint).containsExactly(A, B);
            assertThat(ranges.get(0).timeout()).isEqualTo(Duration.ofMillis(1000));
            assertThat(ranges.get(1).timeout()).isEqualTo(Duration.ofMillis(1000));
        }

        @Test
        void theMemberThatAnsweredIsAskedFirstNextTime() {
            etcd.member(A, HANGS).member(B, ok(RANGE)).member(C, ok(RANGE));
            EtcdClient client = client(null);
            client.get("/k");
            client.get("/k");
            assertThat(etcd.to("/v3/kv/range")).extracting(FakeEtcdTransport.Sent::endpoint).containsExactly(A, B, B);
        }

        @Test
        void whenEveryMemberHangsTheCallEndsWithinItsBudgetAsUnreachable() {
            etcd.member(A, HANGS).member(B, HANGS).member(C, HANGS);
            assertThatThrownBy(() -> client(null).get("/k"))
                    .isInstanceOfSatisfying(EtcdException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                        assertThat(e.code()).isEqualTo(Code.DCS_UNREACHABLE);
                        assertThat(e.getMessage()).contains(A).contains(B).contains(C);
                    });
            assertThat(etcd.clock.get()).isEqualTo(Duration.ofMillis(3000).toNanos());
        }

        @Test
        void everyRequestAsksTheMemberToRefuseWhenItHasNoLeader() {
            etcd.member(A, ok(RANGE));
            client(null).get("/k");
            assertThat(etcd.sent.get(0).headers()).containsEntry(EtcdClient.REQUIRE_LEADER_HEADER, "true");
        }
    }

    /** The commit hold's quick check: a short budget, and "no member answered" only when none did. */
    @Nested
    class QuickCheck {
        @Test
        void oneFrozenMemberStillLetsTheQuickCheckAnswerInsideItsBudget() {
            etcd.member(A, HANGS).member(B, ok(RANGE)).member(C, ok(RANGE));
            EtcdClient client = client(null);
            assertThat(client.getWithin("/k", Duration.ofSeconds(1)).revision()).isEqualTo(7);
            assertThat(client.lastHeardNanos()).isEqualTo(etcd.clock.get()).isPositive();
            assertThat(etcd.clock.get()).isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        }

        @Test
        void whenNoMemberAnswersTheQuickCheckEndsWithItsBudgetEvenWhileMembersElect() {
            etcd.member(A, error(503, "etcdserver: no leader")).member(B, HANGS).member(C, HANGS);
            EtcdClient client = client(null);
            assertThatThrownBy(() -> client.getWithin("/k", Duration.ofSeconds(1))).isInstanceOf(EtcdException.class);
            assertThat(etcd.clock.get()).isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos());
            assertThat(client.lastHeardNanos()).as("a leaderless member's refusal is no answer").isZero();
        }

        @Test
        void aMajorityOfMembersElectingALeaderCountsAsHeardFrom() {
            // A member that rejoins after a cut forces an election: all alive, none with a leader, no key can move.
            etcd.member(A, HANGS).member(B, error(503, "etcdserver: no leader"))
                    .member(C, error(503, "etcdserver: no leader"));
            EtcdClient client = client(null);
            assertThatThrownBy(() -> client.getWithin("/k", Duration.ofSeconds(1))).isInstanceOf(EtcdException.class);
            assertThat(client.lastHeardNanos()).isPositive();
        }
    }

    @Nested
    class Rotation {
        @ParameterizedTest
        @ValueSource(strings = {"etcdserver: no leader", "etcdserver: leader changed", "etcdserver: request timed out",
                "etcdserver: too many requests", "etcdserver: server stopped"})
        void anErrorAnotherMemberMayNotHaveMovesOnToTheNextMember(String message) {
            etcd.member(A, error(503, message)).member(B, ok(RANGE));
            assertThat(client(null).get("/k").revision()).isEqualTo(7);
            assertThat(etcd.to("/v3/kv/range")).extracting(FakeEtcdTransport.Sent::endpoint).containsExactly(A, B);
        }

        @Test
        void aRefusedConnectionMovesOnToTheNextMember() {
            etcd.member(A, REFUSES_CONNECTIONS).member(B, REFUSES_CONNECTIONS).member(C, ok(RANGE));
            assertThat(client(null).get("/k").revision()).isEqualTo(7);
        }

        @Test
        void whenEveryMemberIsRestartingTheyAreAskedAgainWithinTheBudget() {
            etcd.then(A, REFUSES_CONNECTIONS).then(B, REFUSES_CONNECTIONS).then(C, REFUSES_CONNECTIONS)
                    .member(A, ok(RANGE));
            assertThat(client(null).get("/k").revision()).isEqualTo(7);
            assertThat(etcd.to("/v3/kv/range")).extracting(FakeEtcdTransport.Sent::endpoint).containsExactly(A, B, C, A);
            assertThat(etcd.clock.get()).isLessThan(Duration.ofMillis(3000).toNanos());
        }

        @Test
        void membersThatKeepRefusingEndTheCallWhenItsBudgetRunsOut() {
            etcd.member(A, REFUSES_CONNECTIONS).member(B, REFUSES_CONNECTIONS).member(C, REFUSES_CONNECTIONS);
            assertThatThrownBy(() -> client(null).get("/k")).isInstanceOf(EtcdException.class)
                    .hasMessageContaining("Connection refused");
            assertThat(etcd.clock.get()).isLessThanOrEqualTo(Duration.ofMillis(3000).toNanos());
            assertThat(etcd.to("/v3/kv/range").size()).isGreaterThan(3);
        }

        @Test
        void anElectionLetsTheCallGoOnPastItsBudgetUpToTheElectionBudget() {
            // Every member alive but leaderless (a rejoining member forced an election): worth waiting for.
            for (String member : List.of(A, B, C)) {
                for (int i = 0; i < 14; i++) {
                    etcd.then(member, error(503, "etcdserver: no leader"));
                }
                etcd.member(member, ok(RANGE));
            }
            assertThat(client(null).get("/k").revision()).isEqualTo(7);
            assertThat(etcd.clock.get()).isGreaterThan(Duration.ofMillis(3000).toNanos())
                    .isLessThanOrEqualTo(Duration.ofMillis(6000).toNanos());
        }

        @Test
        void anElectionThatOutlastsTheElectionBudgetEndsTheCall() {
            etcd.member(A, error(503, "etcdserver: no leader")).member(B, error(503, "etcdserver: no leader"))
                    .member(C, HANGS);
            assertThatThrownBy(() -> client(null).get("/k")).isInstanceOf(EtcdException.class)
                    .hasMessageContaining("no leader");
            assertThat(etcd.clock.get()).isLessThanOrEqualTo(Duration.ofMillis(6000).toNanos());
        }

        @Test
        void tooManyRequestsByStatusAloneMovesOn() {
            etcd.member(A, r -> new EtcdTransport.Reply(429, "{}")).member(B, ok(RANGE));
            assertThat(client(null).get("/k").revision()).isEqualTo(7);
        }

        @Test
        void aPermissionErrorIsTheSameOnEveryMemberAndEndsTheCallAtOnce() {
            etcd.then(A, ok(TOKEN_ONE)).member(A, error(403, "etcdserver: permission denied")).member(B, ok(RANGE));
            assertThatThrownBy(() -> client("pgward").get("/k"))
                    .isInstanceOfSatisfying(EtcdException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.PERMISSION_DENIED);
                        assertThat(e.code()).isEqualTo(Code.DCS_AUTH_FAILED);
                        assertThat(e.getMessage()).contains("'pgward'").contains("role");
                    });
            assertThat(etcd.to("/v3/kv/range")).extracting(FakeEtcdTransport.Sent::endpoint).containsExactly(A);
        }

        @Test
        void revokingALeaseEtcdAlreadyForgotIsQuietAndAsksOneMemberOnly() {
            etcd.member(A, error(404, "etcdserver: requested lease not found")).member(B, ok("{}"));
            client(null).leaseRevoke(5);
            assertThat(etcd.to("/v3/lease/revoke")).extracting(FakeEtcdTransport.Sent::endpoint).containsExactly(A);
        }
    }

    @Nested
    class Authentication {
        @Test
        void theTokenIsFetchedOnceAndSentWithEveryRequest() {
            etcd.then(A, ok(TOKEN_ONE)).member(A, ok(RANGE));
            EtcdClient client = client("pgward");
            client.get("/k");
            client.get("/k");
            assertThat(etcd.to("/v3/auth/authenticate")).hasSize(1);
            assertThat(etcd.to("/v3/kv/range")).allSatisfy(s -> assertThat(s.headers()).containsEntry("Authorization", "one"));
        }

        @Test
        void aRejectedTokenIsRenewedOnceAndTheRequestRetried() {
            // A member restart forgets simple tokens: etcd answers "invalid auth token" until we authenticate again.
            etcd.then(A, ok(TOKEN_ONE), ok(RANGE), error(401, "etcdserver: invalid auth token"), ok(TOKEN_TWO), ok(RANGE));
            EtcdClient client = client("pgward");
            client.get("/k");
            assertThat(client.get("/k").revision()).isEqualTo(7);
            var ranges = etcd.to("/v3/kv/range");
            assertThat(ranges.get(ranges.size() - 1).headers()).containsEntry("Authorization", "two");
            assertThat(etcd.to("/v3/auth/authenticate")).hasSize(2);
        }

        @Test
        void anEmptyUserNameAnswerAlsoRenewsTheToken() {
            etcd.then(A, ok(TOKEN_ONE), error(400, "etcdserver: user name is empty"), ok(TOKEN_TWO), ok(RANGE));
            assertThat(client("pgward").get("/k").revision()).isEqualTo(7);
        }

        @Test
        void aTokenRejectedEvenFreshEndsTheCallAfterOneRenewal() {
            etcd.member(A, r -> r.path().equals("/v3/auth/authenticate") ? new EtcdTransport.Reply(200, TOKEN_ONE)
                    : new EtcdTransport.Reply(401, "{\"error\":\"etcdserver: invalid auth token\"}"));
            assertThatThrownBy(() -> client("pgward").get("/k"))
                    .isInstanceOfSatisfying(EtcdException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.INVALID_TOKEN);
                        assertThat(e.getMessage()).contains("rejected the auth token of user 'pgward'")
                                .doesNotContain("unreachable");
                    });
            assertThat(etcd.to("/v3/auth/authenticate")).hasSize(2);
        }

        @Test
        void aWrongPasswordIsAClearErrorNamingTheUserNeverUnreachable() {
            etcd.member(A, error(400, "etcdserver: authentication failed, invalid user ID or password"));
            assertThatThrownBy(() -> client("pgward").get("/k"))
                    .isInstanceOfSatisfying(EtcdException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
                        assertThat(e.code()).isEqualTo(Code.DCS_AUTH_FAILED);
                        assertThat(e.getMessage()).contains("etcd refused user 'pgward'")
                                .contains("etcd3.username and etcd3.password").doesNotContain("unreachable");
                    });
        }

        @Test
        void anEtcdWithoutAuthenticationIsUsedWithoutAToken() {
            etcd.then(A, error(400, "etcdserver: authentication is not enabled")).member(A, ok(RANGE));
            EtcdClient client = client("pgward");
            client.get("/k");
            assertThat(etcd.to("/v3/kv/range").get(0).headers()).doesNotContainKey("Authorization");
        }

        @Test
        void aClientCertificateWithACommonNameRefusedByEtcdsGatewaySaysHowToIssueItNeverUnreachable() {
            etcd.member(A, r -> new FakeEtcdTransport.Reply(400,
                    "CommonName of client sending a request against gateway will be ignored and not used as expected\n"))
                    .member(B, ok(RANGE));
            assertThatThrownBy(() -> client("pgward").get("/k"))
                    .isInstanceOfSatisfying(EtcdException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
                        assertThat(e.getMessage()).contains("etcd3.cert").contains("without a CN")
                                .doesNotContain("not JSON");
                    });
            assertThat(etcd.to("/v3/kv/range")).isEmpty();
        }

        @Test
        void credentialsMissingWhereEtcdWantsThemSaySo() {
            etcd.member(A, error(400, "etcdserver: user name is empty"));
            assertThatThrownBy(() -> client(null).get("/k"))
                    .isInstanceOfSatisfying(EtcdException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
                        assertThat(e.getMessage()).contains("etcd requires authentication");
                    });
        }

        @Test
        void aMemberThatCannotAuthenticateBecauseItIsDownIsSkipped() {
            etcd.member(A, HANGS).then(B, ok(TOKEN_ONE)).member(B, ok(RANGE));
            assertThat(client("pgward").get("/k").revision()).isEqualTo(7);
        }
    }

    @Nested
    class Watch {
        @Test
        void aWatchOnAMemberACallGaveUpOnIsClosedSoTheWatcherMovesOn() throws Exception {
            etcd.member(A, HANGS).member(B, ok(RANGE));
            EtcdClient client = client(null);
            CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
                try {
                    client.watchPrefix("/service/x/", 8, events -> { }, () -> false);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !etcd.watches.isEmpty());
            assertThat(etcd.to("/v3/watch").get(0).endpoint()).isEqualTo(A);
            client.get("/k");
            Throwable t = ended.get(5, TimeUnit.SECONDS);
            assertThat(t).isInstanceOf(EtcdException.class).hasMessageContaining("etcd watch on " + A + " ended");
            assertThat(((FakeEtcdTransport.Silent) etcd.watches.get(0)).isClosed()).isTrue();
        }

        @Test
        void aWatchOnAHealthyMemberIsLeftOpen() throws Exception {
            etcd.member(A, ok(RANGE));
            EtcdClient client = client(null);
            CompletableFuture.runAsync(() -> {
                try {
                    client.watchPrefix("/service/x/", 8, events -> { }, () -> false);
                } catch (RuntimeException ignored) {
                    // ended by the test's close below
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !etcd.watches.isEmpty());
            client.get("/k");
            FakeEtcdTransport.Silent stream = (FakeEtcdTransport.Silent) etcd.watches.get(0);
            assertThat(stream.isClosed()).isFalse();
            stream.close();
        }
    }
}
