package io.pgward.why;

import io.pgward.why.Finding.Severity;
import io.pgward.why.WhySnapshot.EtcdProbe;
import io.pgward.why.WhySnapshot.EtcdProbe.Problem;
import io.pgward.why.WhySnapshot.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pgward.why.Snap.MB;
import static io.pgward.why.Snap.NOW;
import static io.pgward.why.Snap.decision;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code pgward why}'s reasoning, one situation an operator asks about per test. */
class DiagnosisTest {

    private static Finding first(List<Finding> findings) {
        assertThat(findings).isNotEmpty();
        return findings.get(0);
    }

    private static Finding about(List<Finding> findings, String subject, Severity severity) {
        return findings.stream().filter(f -> f.subject().equals(subject) && f.severity() == severity).findFirst()
                .orElseThrow(() -> new AssertionError("no " + severity + " finding about " + subject + " in:\n"
                        + Snap.text(findings)));
    }

    @Test
    void aHealthyClusterSaysAllIsWellAndNothingElseButTheLastFailover() {
        List<Finding> f = Snap.healthy().diagnose();
        assertThat(f).as(Snap.text(f)).hasSize(1);
        assertThat(first(f).severity()).isEqualTo(Severity.OK);
        assertThat(first(f).blocker()).contains("all is well").contains("n1 runs as primary on timeline 1")
                .contains("25s left").contains("2 replicas streaming").contains("1MB");
        assertThat(first(f).nextStep()).isNull();
    }

    @Test
    void aStandbyLeaderRunningInRecoveryIsNotReportedAsAStuckLeader() {
        Snap s = Snap.healthy();
        s.keys.put("config", "{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,\"standby_cluster\":{\"host\":\"dc1\"}}");
        s.member("n1", "{\"state\":\"running\",\"role\":\"standby_leader\",\"xlog_location\":" + 100 * Snap.MB
                + ",\"timeline\":1,\"replication_state\":\"streaming\"}", "running", "standby_leader", "streaming");
        List<Finding> f = s.diagnose();
        assertThat(f).as(Snap.text(f)).noneMatch(x -> x.blocker().contains("holds the leader key but"));

        Snap primary = Snap.healthy();
        primary.keys.put("config", s.keys.get("config"));
        assertThat(primary.diagnose()).as("a primary holding the key of a standby cluster is not where it should be")
                .anyMatch(x -> x.blocker().contains("holds the leader key but its PostgreSQL is running as primary"));
    }

    @Test
    void etcdWithoutQuorumNamesEachEndpointAndSaysThePrimaryStepsDown() {
        Snap s = Snap.healthy();
        s.etcdDown = true;
        s.etcd.clear();
        s.etcd.add(new EtcdProbe("http://10.0.0.1:2379", false, Problem.NO_LEADER, "etcdserver: no leader"));
        s.etcd.add(new EtcdProbe("http://10.0.0.2:2379", false, Problem.UNREACHABLE, "connection refused"));
        s.etcd.add(new EtcdProbe("http://10.0.0.3:2379", false, Problem.UNREACHABLE, "no answer within 2s"));
        s.nodes.clear();
        List<Finding> f = s.diagnose();
        Finding etcd = first(f);
        assertThat(etcd.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(etcd.subject()).isEqualTo("etcd");
        assertThat(etcd.blocker()).contains("etcd has no quorum: http://10.0.0.1:2379 answers but has no raft leader")
                .contains("http://10.0.0.2:2379: connection refused").contains("http://10.0.0.3:2379: no answer within 2s")
                .contains("the primary steps down to read-only").contains("no replica can be promoted")
                .contains("replicas keep serving reads");
        assertThat(etcd.nextStep()).contains("2 of 3").contains("endpoint status");
    }

    @Test
    void etcdUnreachableFromEveryMemberIsNotCalledLostQuorum() {
        Snap s = Snap.healthy().etcdFails(Problem.UNREACHABLE, "connection refused");
        Finding etcd = first(s.diagnose());
        assertThat(etcd.blocker()).startsWith("no etcd member answers").doesNotContain("quorum:");
    }

    @Test
    void etcdLostWhilePausedSaysThePrimaryKeepsTakingWrites() {
        Snap s = Snap.healthy().etcdFails(Problem.UNREACHABLE, "connection refused");
        s.status("n1", new NodeStatus("running", "primary", 1, Snap.SYSID, null, true, NOW.minusSeconds(40)));
        s.decisions("n1", decision(3, "Wait", "etcd is unreachable, but the cluster was paused when last seen:"
                + " PostgreSQL stays as it is"));
        List<Finding> f = s.diagnose();
        assertThat(first(f).blocker()).contains("paused").contains("keeps taking writes").doesNotContain("steps down");
        assertThat(about(f, "n1", Severity.INFO).evidence()).contains("n1's last decision (3s ago): etcd is unreachable");
    }

    @Test
    void aFailedReadWithEveryEndpointAnsweringSaysWhatFailed() {
        WhySnapshot read = new WhySnapshot("demo", NOW, Snap.healthy().etcd, "etcd unreachable (the call's budget ran out)", null,
                null, java.util.Map.of());
        assertThat(Diagnosis.diagnose(read).get(0).blocker()).startsWith("every etcd endpoint answers, but reading the"
                + " cluster's keys failed: etcd unreachable (the call's budget ran out)");
    }

    @Test
    void wrongEtcdCredentialsAreNotCalledAnOutage() {
        Snap s = Snap.healthy().etcdFails(Problem.AUTH, "authentication failed");
        Finding etcd = first(s.diagnose());
        assertThat(etcd.blocker()).startsWith("etcd refuses this command's credentials");
        assertThat(etcd.nextStep()).contains("etcd3.username");
    }

    @Test
    void oneEtcdMemberDownIsAWarningThatOneMoreLosesQuorum() {
        Snap s = Snap.healthy();
        s.etcd.set(2, new EtcdProbe("http://10.0.0.3:2379", false, Problem.UNREACHABLE, "connection refused"));
        Finding etcd = about(s.diagnose(), "etcd", Severity.WARNING);
        assertThat(etcd.blocker()).contains("http://10.0.0.3:2379 (connection refused) does not answer")
                .contains("other 2 of 3");
        assertThat(etcd.nextStep()).contains("one more member lost and etcd has no quorum");
    }

    @Test
    void allReplicasLaggingBeyondMaximumLagOnFailoverNameTheLagAndTheForcedWay() {
        Snap s = Snap.healthy().leaderGone();
        s.replica("n2", 97 * MB, "{}").replica("n3", 90 * MB, "{}");
        s.decisions("n2", decision(2, "Wait", "not racing for leader: I am 3145728 bytes behind the last known primary"
                + " position (maximum_lag_on_failover is 1048576)"));
        List<Finding> f = s.diagnose();
        Finding cluster = first(f);
        assertThat(cluster.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(cluster.blocker()).contains("no leader and no member may take over")
                .contains("n2 is 3 MB behind the last known leader position; failover refused by"
                        + " maximum_lag_on_failover=1MB").contains("n3 is 10 MB behind");
        assertThat(cluster.nextStep()).startsWith("to force: pgward failover --candidate n2 --force");
        Finding n2 = about(f, "n2", Severity.WARNING);
        assertThat(n2.evidence()).contains("n2's last decision (2s ago): not racing for leader: I am 3145728 bytes");
    }

    @Test
    void aLeaderlessClusterWithAnEligibleReplicaIsAnElectionUnderWay() {
        Snap s = Snap.healthy().leaderGone();
        List<Finding> f = s.diagnose();
        Finding cluster = about(f, "cluster", Severity.WARNING);
        assertThat(cluster.blocker()).contains("n2, n3 may each take the leader key");
        assertThat(f).noneMatch(x -> x.severity() == Severity.CRITICAL);
    }

    @Test
    void pausedWithALeaderIsAWarningWithResumeAsTheNextStep() {
        Snap s = Snap.healthy();
        s.keys.put("config", "{\"ttl\":30,\"loop_wait\":10,\"pause\":true}");
        List<Finding> f = s.diagnose();
        Finding paused = about(f, "cluster", Severity.WARNING);
        assertThat(paused.blocker()).contains("paused").contains("does not fail over");
        assertThat(paused.nextStep()).contains("pgward resume");
        assertThat(f).noneMatch(x -> x.severity() == Severity.OK);
    }

    @Test
    void aRestoreInProgressIsTheOneFindingAndNamesTheWayOutIfTheRestoringNodeIsGone() {
        Snap s = Snap.healthy();
        s.keys.remove("leader");
        s.keys.put("restore", "{\"id\":\"r1\",\"node\":\"n2\",\"target\":\"time T\",\"state\":\"requested\"}");
        List<Finding> f = s.diagnose();
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.blocker()).contains("a restore to time T is in progress").contains("until n2 has restored");
            assertThat(x.nextStep()).contains("pgward restore --cancel --force");
        });
    }

    @Test
    void aFailedRestoreIsCriticalWithItsReason() {
        Snap s = Snap.healthy();
        s.keys.remove("leader");
        s.keys.put("restore", "{\"id\":\"r1\",\"node\":\"n2\",\"target\":\"time T\",\"state\":\"failed\","
                + "\"detail\":\"pgbackrest restore exited with 56\"}");
        Finding first = first(s.diagnose());
        assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(first.blocker()).contains("failed on n2 (pgbackrest restore exited with 56)");
        assertThat(first.nextStep()).contains("pgward restore --cancel");
    }

    @Test
    void aDoneRestoreChangesNothing() {
        Snap s = Snap.healthy();
        s.keys.put("restore", "{\"id\":\"r1\",\"node\":\"n1\",\"target\":\"time T\",\"state\":\"done\"}");
        assertThat(first(s.diagnose()).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void pausedWithoutALeaderIsCriticalAndNamesBothWaysOut() {
        Snap s = Snap.healthy();
        s.keys.put("config", "{\"ttl\":30,\"loop_wait\":10,\"pause\":true}");
        s.keys.remove("leader");
        Finding paused = first(s.diagnose());
        assertThat(paused.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(paused.blocker()).contains("no leader and the cluster is paused");
        assertThat(paused.nextStep()).contains("pgward resume").contains("pgward failover --candidate");
    }

    @Test
    void anInitializeKeyWhoseDataNoMemberHasIsStaleAndRemoveIsTheWayOut() {
        Snap s = new Snap();
        s.keys.put("initialize", Snap.SYSID);
        s.member("n1", "{\"state\":\"stopped\",\"role\":\"uninitialized\"}", "stopped", "uninitialized", null);
        s.member("n2", "{\"state\":\"stopped\",\"role\":\"uninitialized\"}", "stopped", "uninitialized", null);
        s.status("n1", new NodeStatus("stopped", "uninitialized", 0, null, null, false, NOW));
        s.status("n2", new NodeStatus("stopped", "uninitialized", 0, null, null, false, NOW));
        s.decisions("n1", decision(1, "Wait", "waiting for a leader to clone from"));
        List<Finding> f = s.diagnose();
        Finding init = first(f);
        assertThat(init.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(init.subject()).isEqualTo("initialize key");
        assertThat(init.blocker()).contains("stale initialize key").contains(Snap.SYSID).contains("no data: n1, n2");
        assertThat(init.nextStep()).contains("pgward remove demo");
        assertThat(init.evidence()).contains("waiting for a leader to clone from");
    }

    @Test
    void anInitializeKeyWithItsDataOnAnUnreachableMemberIsNotCalledStale() {
        Snap s = new Snap();
        s.keys.put("initialize", Snap.SYSID);
        s.member("n1", "{\"state\":\"stopped\",\"role\":\"uninitialized\"}", "stopped", "uninitialized", null);
        s.member("n2", "{\"state\":\"running\",\"role\":\"replica\"}", "running", "replica", null);
        s.status("n1", new NodeStatus("stopped", "uninitialized", 0, null, null, false, NOW));
        s.unreachable("n2");
        List<Finding> f = s.diagnose();
        assertThat(Snap.text(f)).doesNotContain("stale initialize key");
        assertThat(about(f, "initialize key", Severity.WARNING).blocker()).contains("n2 did not answer");
    }

    @Test
    void anEmptyInitializeKeyWithNobodyInitializingIsAStaleBootstrapClaim() {
        Snap s = new Snap();
        s.keys.put("initialize", "");
        s.member("n2", "{\"state\":\"stopped\",\"role\":\"uninitialized\"}", "stopped", "uninitialized", null);
        Finding init = about(s.diagnose(), "initialize key", Severity.WARNING);
        assertThat(init.blocker()).contains("a bootstrap started but its node is gone").contains("clears it");
    }

    @Test
    void aBootstrapUnderWayIsOnlyInformation() {
        Snap s = new Snap();
        s.keys.put("initialize", "");
        s.member("n1", "{\"state\":\"initializing new cluster\",\"role\":\"uninitialized\"}", "initializing new cluster",
                "uninitialized", null);
        List<Finding> f = s.diagnose();
        assertThat(about(f, "n1", Severity.INFO).blocker()).contains("bootstrapping");
        assertThat(f).noneMatch(x -> x.severity() == Severity.CRITICAL || x.severity() == Severity.WARNING);
    }

    @Test
    void dataOfAnotherClusterIsNamedWithBothIdentifiers() {
        Snap s = new Snap();
        s.keys.put("initialize", Snap.SYSID);
        s.member("n1", "{\"state\":\"stopped\",\"role\":\"replica\"}", "stopped", "replica", null);
        s.status("n1", new NodeStatus("stopped", "replica", 1, "999", null, false, NOW));
        Finding n1 = about(s.diagnose(), "n1", Severity.CRITICAL);
        assertThat(n1.blocker()).contains("another cluster").contains("999").contains(Snap.SYSID);
    }

    @Test
    void aReplicaThatDivergedAndCannotRewindIsCriticalWithReinitAsTheNextStep() {
        Snap s = Snap.healthy();
        s.member("n2", "{\"state\":\"stopped\",\"role\":\"replica\"}", "stopped", "replica", null);
        s.decisions("n2", decision(9, "StartReplica", "PostgreSQL is down: starting it as a replica of n1"),
                decision(8, "TaskFinished", "start as replica finished: not started: my timeline diverged from the"
                        + " leader's and use_pg_rewind is off; remove_data_directory_on_diverged_timelines is false, so"
                        + " this node stays stopped until it is reinitialized (pgward reinit <cluster> <member>)"),
                decision(7, "Wait", "start as replica in progress"));
        List<Finding> f = s.diagnose();
        Finding n2 = first(f);
        assertThat(n2.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(n2.subject()).isEqualTo("n2");
        assertThat(n2.blocker()).contains("diverged from leader n1's timeline and it cannot be rewound");
        assertThat(n2.nextStep()).startsWith("pgward reinit n2");
        assertThat(n2.evidence()).contains("use_pg_rewind is off");
    }

    @Test
    void nofailoverOnEveryReplicaWarnsThatTheClusterCannotFailOver() {
        Snap s = Snap.healthy();
        s.replica("n2", 100 * MB, "{\"nofailover\":true}").replica("n3", 100 * MB, "{\"nofailover\":true}");
        Finding cluster = about(s.diagnose(), "cluster", Severity.WARNING);
        assertThat(cluster.blocker()).contains("if leader n1 failed now, no member could take over")
                .contains("n2 is tagged nofailover").contains("n3 is tagged nofailover");
    }

    @Test
    void nofailoverOnEveryCandidateWithoutALeaderSaysToRemoveTheTag() {
        Snap s = Snap.healthy().leaderGone();
        s.replica("n2", 100 * MB, "{\"nofailover\":true}").replica("n3", 100 * MB, "{\"nofailover\":true}");
        Finding cluster = first(s.diagnose());
        assertThat(cluster.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(cluster.blocker()).contains("n2 is tagged nofailover").contains("n3 is tagged nofailover");
        assertThat(cluster.nextStep()).contains("remove the nofailover tag").contains("pgward reload n2");
    }

    @Test
    void aCascadingReplicaThatDoesNotStreamNamesItsUpstream() {
        Snap s = Snap.healthy();
        s.member("n3", "{\"state\":\"running\",\"role\":\"replica\",\"xlog_location\":" + 100 * MB
                + ",\"timeline\":1,\"replication_state\":\"in archive recovery\",\"tags\":{\"replicatefrom\":\"n2\"}}",
                "running", "replica", "in archive recovery");
        Finding n3 = about(s.diagnose(), "n3", Severity.WARNING);
        assertThat(n3.blocker()).contains("n3 runs but does not stream from n2 (replicatefrom; leader n1)");
        assertThat(n3.nextStep()).contains("pg_hba on n2");
    }

    @Test
    void aReplicaThatRunsButDoesNotStreamIsNamedWithItsReplicationState() {
        Snap s = Snap.healthy();
        s.member("n3", "{\"state\":\"running\",\"role\":\"replica\",\"xlog_location\":" + 100 * MB
                + ",\"timeline\":1,\"replication_state\":\"in archive recovery\"}", "running", "replica", "in archive recovery");
        s.decisions("n3", decision(4, "CheckDivergence", "not streaming from leader n1 for 12s: checking whether my WAL"
                + " diverged from its timeline"));
        List<Finding> f = s.diagnose();
        Finding n3 = about(f, "n3", Severity.WARNING);
        assertThat(n3.blocker()).contains("n3 runs but does not stream from leader n1 (replication_state: in archive recovery)");
        assertThat(n3.nextStep()).contains("PostgreSQL log");
        assertThat(n3.evidence()).contains("not streaming from leader n1 for 12s");
        assertThat(f).noneMatch(x -> x.severity() == Severity.OK);
    }

    @Test
    void aStoppedReplicaIsAWarningWithItsLastDecision() {
        Snap s = Snap.healthy();
        s.member("n3", "{\"state\":\"stopped\",\"role\":\"replica\"}", "stopped", "replica", null);
        s.decisions("n3", decision(4, "TaskFailed", "start as replica failed: PostgreSQL did not start as a standby"));
        Finding n3 = about(s.diagnose(), "n3", Severity.WARNING);
        assertThat(n3.blocker()).isEqualTo("n3's PostgreSQL is stopped");
        assertThat(n3.evidence()).contains("did not start as a standby");
    }

    @Test
    void aLaggingReplicaWithALeaderWarnsItWouldNotBePromoted() {
        Snap s = Snap.healthy();
        s.replica("n3", 95 * MB, "{}");
        Finding n3 = about(s.diagnose(), "n3", Severity.WARNING);
        assertThat(n3.blocker()).contains("n3 is 5 MB behind leader n1").contains("maximum_lag_on_failover=1MB");
    }

    @Test
    void aLeaderWhoseAgentDoesNotAnswerSaysWhenItsLeaseEnds() {
        Snap s = Snap.healthy().unreachable("n1");
        s.leaseLeft = 12L;
        Finding n1 = about(s.diagnose(), "n1", Severity.WARNING);
        assertThat(n1.blocker()).contains("does not answer").contains("12s left");
    }

    @Test
    void theLastFailoverIsExplainedByTheWinnersAndTheOthersDecisions() {
        Snap s = Snap.healthy();
        s.keys.put("leader", "n2");
        s.primary("n2", 100 * MB).replica("n1", 100 * MB, "{}");
        s.keys.put("history", "[[1,50331648,\"no recovery target specified\",\"2026-12-03T02:59:00.000Z\",\"n2\"]]");
        s.decisions("n2", decision(62, "AcquireLeader", "the cluster has no leader and I am the healthiest node: taking"
                + " the leader key"), decision(30, "LeadAsPrimary", "no action: I am the leader with the lock"));
        s.decisions("n3", decision(61, "Wait", "not racing for leader: n2 is ahead of me (200 > 100)"),
                decision(20, "Wait", "no action: following leader n2"));
        Finding last = about(s.diagnose(), "last failover", Severity.INFO);
        assertThat(last.blocker()).contains("timeline 1 ended 60s ago").contains("n2 took over");
        assertThat(last.evidence()).contains("n2's decision (62s ago): the cluster has no leader and I am the healthiest")
                .contains("n3's decision then (61s ago): not racing for leader: n2 is ahead of me")
                .doesNotContain("following leader n2");
    }

    @Test
    void nothingInEtcdForTheScopeSaysToCheckTheScope() {
        Snap s = new Snap();
        Finding f = first(s.diagnose());
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.blocker()).contains("etcd holds nothing for cluster 'demo'");
    }

    @Test
    void aClusterNeverBootstrappedSaysWhichNodeMayBootstrap() {
        Snap s = new Snap();
        s.member("n1", "{\"state\":\"stopped\",\"role\":\"uninitialized\",\"tags\":{\"nofailover\":true}}", "stopped",
                "uninitialized", null);
        s.decisions("n1", decision(1, "Wait", "no cluster yet and this node is tagged nofailover: waiting for another"
                + " node to bootstrap"));
        Finding f = first(s.diagnose());
        assertThat(f.blocker()).contains("never bootstrapped");
        assertThat(f.evidence()).contains("tagged nofailover");
    }

    @Test
    void sizesReadLikePostgresUnits() {
        assertThat(Words.bytes(512)).isEqualTo("512 bytes");
        assertThat(Words.bytes(1536)).isEqualTo("1.5 kB");
        assertThat(Words.bytes(3 * MB)).isEqualTo("3 MB");
        assertThat(Words.bytes(5L * 1024 * MB)).isEqualTo("5 GB");
        assertThat(Words.setting(MB)).isEqualTo("1MB");
        assertThat(Words.setting(1000)).isEqualTo("1000 bytes");
    }
}
