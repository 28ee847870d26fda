package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A bootstrap that fails leaves etcd as it found it, so a start with a fixed configuration succeeds. */
class FailedBootstrapIT {

    @Test
    void failedInitdbReleasesInitializeKeyAndMovesDataAsideSoTheNextStartSucceeds() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1).startEtcd()) {
            cluster.initdbExtra = "\n    - bogus-initdb-option";
            cluster.writeConfigs();
            Proc agent = cluster.startAgent(0);

            int exit = agent.waitFor(TestTime.seconds(60));
            assertThat(exit).as("agent exits non-zero after a failed bootstrap").isNotZero();
            assertThat(cluster.log(0)).contains("bootstrap failed").contains("bogus-initdb-option");
            assertThat(cluster.etcd.client().get("/service/it/initialize").kvs())
                    .as("no initialize key is left behind").isEmpty();
            assertThat(cluster.etcd.client().get("/service/it/leader").kvs()).isEmpty();
            try (Stream<java.nio.file.Path> siblings = Files.list(cluster.dataDir(0).getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.startsWith("data.failed."));
            }

            cluster.initdbExtra = "";
            cluster.writeConfigs();
            cluster.startAgent(0);
            String leader = cluster.awaitHealthy(TestTime.seconds(90));
            assertThat(leader).isEqualTo("n1");
            assertThat(cluster.view().initialize()).matches("\\d{10,}");
        }
    }

    @Test
    void dataDirectoryWithWrongOwnerAndModeIsRepairedAtStart() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1).startEtcd().startAll()) {
            cluster.awaitHealthy(TestTime.seconds(90));
            assertThat(cluster.agents.get("n1").terminate(TestTime.seconds(60))).isZero();
            Path data = cluster.dataDir(0);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));

            cluster.startAgent(0);
            cluster.awaitHealthy(TestTime.seconds(90));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(Files.getOwner(data).getName()).isEqualTo("postgres");
            assertThat(cluster.log(0)).contains("data directory repaired: mode of " + data + " was rwxr-xr-x")
                    .contains("owner of " + data + " was root");
        }
    }
}
