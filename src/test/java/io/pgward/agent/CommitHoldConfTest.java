package io.pgward.agent;

import io.pgward.config.Config;
import io.pgward.postgres.OsUser;
import io.pgward.postgres.PostgresNode;
import io.pgward.postgres.StandbySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit hold as written into postgresql.conf: only a primary's file, and taken back whole on release. */
class CommitHoldConfTest {

    @TempDir
    Path dir;

    private NodeContext context() {
        Config config = TestNodes.config(dir.resolve("data").toString(), "");
        return new NodeContext(config, null, new PostgresNode(config, new OsUser("postgres", "postgres", false)));
    }

    private String conf() throws Exception {
        return Files.readString(dir.resolve("data/postgresql.conf"));
    }

    @Test
    void holdingCommitsMakesThemWaitForAStandbyNoMemberIsAndReleasingRestoresTheFile() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        NodeContext ctx = context();
        ctx.writePostgresqlConf(Map.of("port", "5432", "synchronous_commit", "local"), null);
        String before = conf();

        assertThat(ctx.holdCommits("etcd silent")).isTrue();
        assertThat(conf()).contains("synchronous_standby_names = 'pgward_commit_hold'", "synchronous_commit = 'on'");
        ctx.writePostgresqlConf(Map.of("port", "5432", "synchronous_commit", "local"), null);
        assertThat(conf()).as("a rewrite by the loop keeps the hold").contains("pgward_commit_hold");

        assertThat(ctx.holdCommits(null)).isTrue();
        assertThat(conf()).isEqualTo(before);
        assertThat(ctx.commitHold()).isNull();
    }

    @Test
    void aStandbysFileIsNeverRewrittenNorGivenTheHold() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        NodeContext ctx = context();
        StandbySettings upstream = new StandbySettings("n2", "10.0.0.2", 5432, "repl", "b", Map.of(), "n1", null);
        ctx.writePostgresqlConf(Map.of("port", "5432"), upstream);
        String before = conf();

        assertThat(ctx.holdCommits("etcd silent")).isFalse();
        assertThat(conf()).isEqualTo(before);
        ctx.writePostgresqlConf(Map.of("port", "5432"), upstream);
        assertThat(conf()).doesNotContain("pgward_commit_hold").contains("primary_conninfo");
        assertThat(ctx.holdCommits(null)).isFalse();
    }

    @Test
    void commitsThatWouldNotWaitForAnyStandbyAreMadeToWait() {
        for (String off : new String[]{"off", "local", "OFF", "false"}) {
            assertThat(CommitHoldWatch.heldParameters(Map.of("synchronous_commit", off)))
                    .containsEntry("synchronous_commit", "on");
        }
        assertThat(CommitHoldWatch.heldParameters(Map.of("synchronous_commit", "remote_apply")))
                .containsEntry("synchronous_commit", "remote_apply")
                .containsEntry("synchronous_standby_names", CommitHoldWatch.HOLD_STANDBY_NAME);
        assertThat(CommitHoldWatch.heldParameters(Map.of())).doesNotContainKey("synchronous_commit");
    }
}
