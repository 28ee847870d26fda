package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HaproxyConfigTest {

    private static final HaproxyConfig.Options PLAIN = new HaproxyConfig.Options("*", 5000, 5001, 1048576,
            "/primary", HaproxyConfig.Tls.NONE);

    private static ClusterView threeNodes() {
        return new Views.Keys().leader("node1").primary("node1", 5432, 100).replica("node2", 5433, 90)
                .replica("node3", 5434, 80).view();
    }

    @Test
    void theReadWritePortChecksPrimaryAndTheReadOnlyPortChecksReplicaWithTheLagLimit() {
        String text = HaproxyConfigCommand.render("demo", threeNodes(), PLAIN);
        assertThat(text).contains("frontend demo_rw\n    bind *:5000\n    default_backend demo_primary\n")
                .contains("backend demo_primary\n    option httpchk GET /primary\n    http-check expect status 200\n")
                .contains("frontend demo_ro\n    bind *:5001\n    default_backend demo_replicas\n")
                .contains("backend demo_replicas\n    option httpchk GET /replica?lag=1048576\n")
                .contains("    server node1 127.0.0.1:5432 check port 8008\n")
                .contains("    server node2 127.0.0.1:5433 check port 8009\n")
                .contains("    server node3 127.0.0.1:5434 check port 8010\n");
        assertThat(text.split("on-marked-down shutdown-sessions", -1)).hasSize(3);
        assertThat(text).contains("mode tcp").contains("option redispatch 1\n").doesNotContain("check-ssl");
    }

    @Test
    void checkTimingAtTheDefaultLoopWaitFindsANewPrimaryWithinHalfASecond() {
        String text = HaproxyConfigCommand.render("demo", threeNodes(), PLAIN);
        assertThat(text).contains("default-server inter 1s fastinter 500ms downinter 500ms rise 1 fall 2 "
                        + "on-marked-down shutdown-sessions\n")
                .contains("default-server inter 1s fastinter 500ms downinter 500ms rise 2 fall 2 "
                        + "on-marked-down shutdown-sessions\n")
                .contains("timeout check 1s").contains("loop_wait=10 s");
    }

    @Test
    void checkIntervalsFollowLoopWaitWithinOneToThreeSeconds() {
        assertThat(HaproxyConfig.Timing.fromLoopWait(1)).isEqualTo(new HaproxyConfig.Timing(1000, 500, 500, 1, 2, 2, 2));
        assertThat(HaproxyConfig.Timing.fromLoopWait(20).inter()).isEqualTo(2000);
        assertThat(HaproxyConfig.Timing.fromLoopWait(20).downInter()).isEqualTo(1000);
        assertThat(HaproxyConfig.Timing.fromLoopWait(25).fastInter()).isEqualTo(1250);
        assertThat(HaproxyConfig.Timing.fromLoopWait(300).inter()).isEqualTo(3000);
        ClusterView slow = new Views.Keys().config("{\"ttl\":90,\"loop_wait\":25,\"retry_timeout\":30}")
                .primary("node1", 5432, 1).view();
        assertThat(HaproxyConfigCommand.render("demo", slow, PLAIN))
                .contains("inter 2500ms fastinter 1250ms downinter 1250ms").contains("timeout check 2500ms");
    }

    @Test
    void leaderMayBeCheckedInsteadOfPrimary() {
        var o = new HaproxyConfig.Options("10.0.0.5", 6432, 6433, 0, "/leader", HaproxyConfig.Tls.NONE);
        String text = HaproxyConfigCommand.render("demo", threeNodes(), o);
        assertThat(text).contains("option httpchk GET /leader\n").contains("bind 10.0.0.5:6432\n")
                .contains("option httpchk GET /replica?lag=0\n");
    }

    @Test
    void anHttpsRestApiIsCheckedOverTlsAndVerifiedWithTheCa() {
        List<Member> members = List.of(member("node1", "postgres://db1.example:5432/postgres",
                "https://db1.example:8008/patroni"), member("node2", "postgres://10.0.0.2:5432/postgres",
                "https://10.0.0.12:8008/patroni"));
        var tls = new HaproxyConfig.Tls("/etc/pgward/ca.pem", false, "/etc/haproxy/client.pem");
        String text = render(members, tls);
        assertThat(text).contains("    server node1 db1.example:5432 check port 8008 check-ssl verify required"
                        + " ca-file /etc/pgward/ca.pem check-sni db1.example verifyhost db1.example"
                        + " crt /etc/haproxy/client.pem\n")
                .contains("    server node2 10.0.0.2:5432 check addr 10.0.0.12 port 8008 check-ssl verify required"
                        + " ca-file /etc/pgward/ca.pem crt /etc/haproxy/client.pem\n");
    }

    @Test
    void verifyNoneOnlyWhenTheOperatorAsksForIt() {
        List<Member> members = List.of(member("node1", "postgres://db1:5432/postgres", "https://db1:8008/patroni"));
        assertThatThrownBy(() -> render(members, HaproxyConfig.Tls.NONE)).isInstanceOf(PgwardException.class)
                .hasMessageContaining("REST API of node1 is https").hasMessageContaining("--ca-file")
                .hasMessageContaining("--tls-no-verify");
        assertThat(render(members, new HaproxyConfig.Tls(null, true, null)))
                .contains("check port 8008 check-ssl verify none\n");
        assertThatThrownBy(() -> render(members, new HaproxyConfig.Tls("/ca.pem", true, null)))
                .hasMessageContaining("--ca-file and --tls-no-verify");
    }

    @Test
    void membersWithoutAddressesAreLeftOutAndNamed() {
        List<Member> members = List.of(member("node1", "postgres://h1:5432/postgres", "http://h1:8008/patroni"),
                member("node2", null, "http://h2:8008/patroni"));
        List<String> skipped = new ArrayList<>();
        var servers = HaproxyConfig.servers(members, skipped);
        assertThat(servers).extracting(HaproxyConfig.Server::member).containsExactly("node1");
        assertThat(skipped).containsExactly("node2 (publishes no conn_url)");
        assertThat(HaproxyConfig.render("demo", servers, skipped, 10, PLAIN))
                .contains("# left out: member node2 (publishes no conn_url)\n");
        List<String> none = new ArrayList<>();
        assertThatThrownBy(() -> HaproxyConfig.render("demo", HaproxyConfig.servers(members.subList(1, 2), none),
                none, 10, PLAIN)).hasMessageContaining("cluster demo has no member with a conn_url and an api_url")
                .hasMessageContaining("node2 (publishes no conn_url)");
    }

    @Test
    void memberNamesHaproxyWouldRefuseAreCleanedAndKeptUnique() {
        List<Member> members = List.of(member("db 1", "postgres://h1:5432/postgres", "http://h1:8008/patroni"),
                member("db/1", "postgres://h2:5432/postgres", "http://h2:8008/patroni"),
                member("fe80::1", "postgres://[fe80::1]:5432/postgres", "http://[fe80::1]:8008/patroni"));
        String text = render(members, HaproxyConfig.Tls.NONE);
        assertThat(text).contains("    server db_1 h1:5432 check port 8008  # member 'db 1'\n")
                .contains("    server db_1-2 h2:5432 check port 8008  # member 'db/1'\n")
                .contains("    server fe80::1 ipv6@fe80::1:5432 check port 8008\n");
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        var servers = HaproxyConfig.servers(threeNodes().members(), new ArrayList<>());
        assertThatThrownBy(() -> HaproxyConfig.check(new HaproxyConfig.Options("*", 5000, 5000, 0, "/primary",
                HaproxyConfig.Tls.NONE), servers)).hasMessageContaining("--rw-port and --ro-port are both 5000");
        assertThatThrownBy(() -> HaproxyConfig.check(new HaproxyConfig.Options("*", 70000, 5001, 0, "/primary",
                HaproxyConfig.Tls.NONE), servers)).hasMessageContaining("--rw-port 70000 is not a TCP port");
        assertThatThrownBy(() -> HaproxyConfig.check(new HaproxyConfig.Options("*", 5000, 0, 0, "/primary",
                HaproxyConfig.Tls.NONE), servers)).hasMessageContaining("--ro-port 0 is not a TCP port");
        assertThatThrownBy(() -> HaproxyConfig.check(new HaproxyConfig.Options("*", 5000, 5001, 0, "/master",
                HaproxyConfig.Tls.NONE), servers)).hasMessageContaining("--rw-check /master is not one of /primary,"
                + " /leader");
        assertThatThrownBy(() -> HaproxyConfig.check(new HaproxyConfig.Options("a b", 5000, 5001, 0, "/primary",
                HaproxyConfig.Tls.NONE), servers)).hasMessageContaining("--bind 'a b' is not an address");
        assertThatThrownBy(() -> HaproxyConfig.servers(List.of(member("n", "postgres://h:5432/x", "ftp://h/x")),
                new ArrayList<>())).hasMessageContaining("member n publishes api_url ftp://h/x");
        assertThatThrownBy(() -> HaproxyConfig.Timing.fromLoopWait(0)).hasMessageContaining("loop_wait");
    }

    @Test
    void aLagThatIsNotASizeIsRefusedNamingTheOption() {
        HaproxyConfigCommand command = new HaproxyConfigCommand();
        command.lag = "lots";
        assertThatThrownBy(() -> command.options(threeNodes())).hasMessageContaining("--lag 'lots' is not a size");
        command.lag = "16MB";
        command.bind = "*";
        command.rwCheck = "/primary";
        command.cluster = ClusterOptions.of(null, "http://127.0.0.1:1", "demo", null);
        assertThat(command.options(threeNodes()).maxLagBytes()).isEqualTo(16L * 1024 * 1024);
        command.lag = null;
        assertThat(command.options(threeNodes()).maxLagBytes()).as("maximum_lag_on_failover's default")
                .isEqualTo(1048576);
    }

    /** Debian's HAProxy accepts the file, TLS options included (skipped where haproxy is not installed). */
    @Test
    void haproxyAcceptsTheConfiguration(@TempDir Path dir) throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        Assumptions.assumeTrue(Files.isExecutable(haproxy), "haproxy is not installed (apt-get install haproxy):"
                + " the file is not checked with haproxy -c");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=db1",
                "-keyout", key.toString(), "-out", cert.toString());
        Path both = dir.resolve("client.pem");
        Files.writeString(both, Files.readString(cert) + Files.readString(key));
        List<Member> members = List.of(
                member("node1", "postgres://127.0.0.1:5432/postgres", "https://localhost:8008/patroni"),
                member("node 2", "postgres://127.0.0.2:5432/postgres", "https://127.0.0.12:8008/patroni"),
                member("node3", "postgres://[::1]:5434/postgres", "http://[::1]:8010/patroni"));
        for (HaproxyConfig.Tls tls : List.of(new HaproxyConfig.Tls(cert.toString(), false, both.toString()),
                new HaproxyConfig.Tls(null, true, null))) {
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, render(members, tls));
            String out = run(dir, haproxy.toString(), "-c", "-f", file.toString());
            assertThat(out).as(Files.readString(file)).contains("Configuration file is valid");
        }
        Path plain = dir.resolve("plain.cfg");
        Files.writeString(plain, HaproxyConfigCommand.render("demo", threeNodes(), PLAIN));
        assertThat(run(dir, haproxy.toString(), "-c", "-f", plain.toString())).contains("Configuration file is valid");
        for (String socket : List.of(dir.resolve("admin.sock").toString(), "127.0.0.1:9999", "[::1]:9999")) {
            Path withSocket = dir.resolve("socket.cfg");
            Files.writeString(withSocket, HaproxyConfigCommand.render("demo", threeNodes(), withStatsSocket(socket)));
            assertThat(run(dir, haproxy.toString(), "-c", "-f", withSocket.toString())).as(socket)
                    .contains("Configuration file is valid");
        }
    }

    private static HaproxyConfig.Options withStatsSocket(String address) {
        return new HaproxyConfig.Options("*", 5000, 5001, 1048576, "/primary", HaproxyConfig.Tls.NONE,
                io.pgward.config.RuntimeApi.parse(address));
    }

    @Test
    void aStatsSocketAtAdminLevelIsAddedOnlyWhenAskedFor() {
        assertThat(HaproxyConfigCommand.render("demo", threeNodes(), PLAIN)).doesNotContain("stats socket");
        assertThat(HaproxyConfigCommand.render("demo", threeNodes(), withStatsSocket("/run/haproxy/pgward.sock")))
                .contains("global\n    maxconn 1000\n    stats socket /run/haproxy/pgward.sock mode 600 level admin\n");
        assertThat(HaproxyConfigCommand.render("demo", threeNodes(), withStatsSocket("127.0.0.1:9999")))
                .contains("    stats socket ipv4@127.0.0.1:9999 level admin\n");
    }

    @Test
    void aStatsSocketThatIsNeitherAPathNorHostPortIsRefusedNamingTheOption() {
        var command = new HaproxyConfigCommand();
        command.statsSocket = "haproxy.sock";
        command.bind = "*";
        command.rwCheck = "/primary";
        command.tlsNoVerify = true;
        assertThatThrownBy(() -> command.options(threeNodes())).isInstanceOf(PgwardException.class)
                .hasMessageContaining("--stats-socket: ").hasMessageContaining("Unix socket");
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    private static String render(List<Member> members, HaproxyConfig.Tls tls) {
        List<String> skipped = new ArrayList<>();
        return HaproxyConfig.render("demo", HaproxyConfig.servers(members, skipped), skipped, 10,
                new HaproxyConfig.Options("*", 5000, 5001, 1048576, "/primary", tls));
    }

    private static Member member(String name, String connUrl, String apiUrl) {
        return new Member(name, apiUrl, connUrl, "replica", "running", 1, 1, "streaming", false, 0, false, Map.of());
    }
}
