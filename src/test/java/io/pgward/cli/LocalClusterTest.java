package io.pgward.cli;

import io.pgward.PgwardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalClusterTest {

    @TempDir
    Path dir;

    private LocalCluster cluster(int nodes) {
        return new LocalCluster(dir, "demo", nodes, new LocalCluster.Ports(12379, 5432, 8008));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(int node, String... path) throws IOException {
        Map<String, Object> m = YamlText.parseMapping(Files.readString(dir.resolve("node" + node + ".yml")), "node yaml");
        for (String key : path) {
            m = (Map<String, Object>) m.get(key);
        }
        return m;
    }

    @Test
    void nodesAddedToAnExistingClusterGetItsPasswordsNotNewOnes() throws IOException {
        cluster(3).writeConfigs("/usr/bin");
        cluster(6).writeConfigs("/usr/bin");

        for (int n = 2; n <= 6; n++) {
            assertThat(section(n, "postgresql", "authentication")).as("node" + n)
                    .isEqualTo(section(1, "postgresql", "authentication"));
            assertThat(section(n, "restapi", "authentication")).as("node" + n)
                    .isEqualTo(section(1, "restapi", "authentication"));
        }
        assertThat(Files.readString(dir.resolve("restapi.password")).trim())
                .isEqualTo("pgward:" + section(1, "restapi", "authentication").get("password"));
    }

    @Test
    void rerunningUpWithTheSameNodesKeepsEveryFileAsItWas() throws IOException {
        cluster(3).writeConfigs("/usr/bin");
        String before = Files.readString(dir.resolve("node2.yml"));
        cluster(3).writeConfigs("/usr/bin");
        assertThat(Files.readString(dir.resolve("node2.yml"))).isEqualTo(before);
    }

    @Test
    void addedNodesGetTheExistingPasswordsEvenWhenTheRestPasswordFileIsGone() throws IOException {
        cluster(2).writeConfigs("/usr/bin");
        Files.delete(dir.resolve("restapi.password"));
        cluster(3).writeConfigs("/usr/bin");
        assertThat(section(3, "restapi", "authentication")).isEqualTo(section(1, "restapi", "authentication"));
        assertThat(section(3, "postgresql", "authentication")).isEqualTo(section(1, "postgresql", "authentication"));
    }

    @Test
    void fewerNodesThanTheDirectoryHoldsIsRefusedAndNothingIsDeleted() throws IOException {
        cluster(4).writeConfigs("/usr/bin");
        assertThatThrownBy(() -> cluster(2).refuseFewerNodes())
                .isInstanceOf(PgwardException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("node3").hasMessageContaining("node4")
                .hasMessageContaining("--nodes 4").hasMessageContaining("--purge");
        assertThat(dir.resolve("node3.yml")).exists();
        assertThat(dir.resolve("node4.yml")).exists();
        cluster(4).refuseFewerNodes();
        cluster(5).refuseFewerNodes();
    }

    @Test
    void anExistingNodeFileWithoutAPasswordIsNamedWithItsYamlPath() throws IOException {
        cluster(1).writeConfigs("/usr/bin");
        Path f = dir.resolve("node1.yml");
        Files.writeString(f, Files.readString(f).replaceAll("(?m)^( +password: ).*\\n(?=    rewind:)", ""));
        assertThatThrownBy(() -> cluster(2).writeConfigs("/usr/bin"))
                .isInstanceOf(PgwardException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("postgresql.authentication.replication.password");
    }

    @Test
    void theConnectionUrlUpPrintsReachesEveryNodeNotOnlyTheFirstThree() {
        assertThat(UpCommand.primaryUrl(5432, 5)).isEqualTo("postgresql://postgres@127.0.0.1:5432,127.0.0.1:5433,"
                + "127.0.0.1:5434,127.0.0.1:5435,127.0.0.1:5436/postgres?target_session_attrs=read-write");
        assertThat(UpCommand.primaryUrl(6000, 1)).isEqualTo("postgresql://postgres@127.0.0.1:6000/postgres"
                + "?target_session_attrs=read-write");
    }
}
