package io.pgward.it;

import io.pgward.ha.ClusterView;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGHUP is what a service manager's "reload" sends (systemd's ExecReload=kill -HUP, as in Patroni's units). It must
 * reload the configuration and stop nothing: the JVM's own reaction to HUP is to exit, which stopped PostgreSQL and
 * failed over.
 */
class ReloadSignalIT {

    @Test
    void sighupToEveryAgentReloadsTheConfigurationWithoutRestartOrFailover() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(3)) {
            cluster.restapiExtra = "\n  authentication:\n    username: admin\n    password: old-secret";
            cluster.startEtcd().startAll();
            String leader = cluster.awaitHealthy(TestTime.seconds(120));
            ClusterView before = cluster.view();
            List<Optional<Long>> postmasters = new ArrayList<>();
            for (int i = 0; i < cluster.nodes; i++) {
                postmasters.add(cluster.postmaster(i).map(ProcessHandle::pid));
                Files.writeString(cluster.configFile(i),
                        Files.readString(cluster.configFile(i)).replace("old-secret", "new-secret"));
            }

            for (int i = 0; i < cluster.nodes; i++) {
                Signals.send("HUP", cluster.agents.get(cluster.name(i)).pid());
            }

            for (int i = 0; i < cluster.nodes; i++) {
                int node = i;
                int port = cluster.restPorts[i];
                await().atMost(TestTime.seconds(30)).ignoreExceptions().until(() ->
                        new Rest("admin", "new-secret").call(port, "POST", "/reload", null).status() == 202);
                assertThat(new Rest("admin", "old-secret").call(port, "POST", "/reload", null).status())
                        .as("the old REST password after the reload").isEqualTo(401);
                assertThat(cluster.agents.get(cluster.name(node)).alive()).as("agent " + cluster.name(node)).isTrue();
                assertThat(cluster.log(node)).contains("reloaded " + cluster.configFile(node));
            }
            cluster.awaitHealthy(TestTime.seconds(30));
            ClusterView after = cluster.view();
            assertThat(after.leader()).as("the leader").isEqualTo(leader);
            assertThat(after.history()).as("timeline history").isEqualTo(before.history());
            for (int i = 0; i < cluster.nodes; i++) {
                assertThat(cluster.postmaster(i).map(ProcessHandle::pid)).as("postmaster of " + cluster.name(i))
                        .isEqualTo(postmasters.get(i));
            }
        }
    }
}
