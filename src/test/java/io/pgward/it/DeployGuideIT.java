package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/deploy.md run as written on three hosts made of namespaces ({@link GuideHosts}): firewall, certificates,
 * a 3-member etcd with TLS and users, the Debian package installed on each host and its unit started as systemd
 * would, the cluster checked with the guide's commands, then pgward upgraded one node at a time while an
 * application host writes through the firewall. The package is installed only inside the hosts' overlays: the
 * machine's dpkg database and files are never changed, so this test can run beside DebianPackageIT and leaves
 * nothing installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployGuideIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROGRAMS = List.of("etcd", "etcdctl", "openssl", "nft", "curl", "psql",
            "dpkg-deb", "nsenter", "unshare", "setpriv", "runuser", "pg_dropcluster");

    private final String version = System.getProperty("pgward.version");
    private final String newVersion = version + ".1";
    private Path dir;
    private Path admin;
    private GuideHosts hosts;
    private Proc writer;
    private boolean failed = true;

    @BeforeAll
    void hostsAndPackages() throws Exception {
        assumeThat(System.getProperty("user.name")).as("namespaces, overlays and dpkg need root").isEqualTo("root");
        assumeThat(NetLab.available()).as("network namespaces are not available (ip netns)").isTrue();
        for (String program : PROGRAMS) {
            assumeThat(Cli.exec(List.of("sh", "-c", "command -v " + program), null).exit())
                    .as(program + " is not installed (the guide's section 1 lists the packages)").isZero();
        }
        assumeThat(Path.of("/usr/lib/postgresql/15/bin/postgres")).as("the guide uses PostgreSQL 15").isExecutable();
        assumeThat(Path.of("/lib/systemd/system/etcd.service")).as("Debian's etcd-server unit").exists();
        // The hosts' pg_dropcluster --stop would stop a running 15/main of this machine: its data is shared below.
        assumeThat(Path.of("/var/lib/postgresql/15/main/postmaster.pid"))
                .as("this machine's own PostgreSQL 15/main is running").doesNotExist();
        assertThat(version).as("the build's version (system property pgward.version, set by the pom)").isNotNull();

        Path base = Files.createDirectories(Path.of("/tmp/pgward-it"));
        dir = Files.createTempDirectory(base, "deploy-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        admin = Files.createDirectory(dir.resolve("admin"));
        Files.setPosixFilePermissions(admin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.Result built = Cli.exec(List.of("scripts/package.sh"), null);
        assertThat(built.exit()).as(built.output()).isZero();
        Path deb = Path.of(built.output().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(deb).as("the package scripts/package.sh says it built (when it had to rebuild the jar first, the"
                + " file was seen missing here; build with mvn package first):\n" + built.output()).isRegularFile();
        Files.copy(deb, dir.resolve(deb.getFileName()));
        nextVersion(dir.resolve(deb.getFileName()), dir.resolve("pgward_" + debian(newVersion) + "_all.deb"));
        hosts = new GuideHosts(dir, Path.of("src/test/resources/deploy/systemctl"));
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (writer != null) {
            writer.kill9();
        }
        if (hosts != null) {
            hosts.close();
        }
        if (dir == null) {
            return;
        }
        if (failed || Boolean.getBoolean("pgward.it.keep")) {
            System.out.println("kept the deploy guide's directory (guide.log, hosts/*/units/*.log): " + dir);
        } else {
            Cli.Result rm = Cli.exec(List.of("rm", "-rf", dir.toString()), null);
            assertThat(rm.exit()).as(rm.output()).isZero();
        }
    }

    @Test
    void theGuideBuildsATlsClusterOnThreeHostsAndUpgradesPgwardWithOneSwitchoverAndNoLostWrite() throws Exception {
        List<DeployGuide.Block> blocks = DeployGuide.read();
        Path oldDeb = dir.resolve("pgward_" + debian(version) + "_all.deb");
        Files.copy(oldDeb, admin.resolve(oldDeb.getFileName()));
        Map<String, String> out = new LinkedHashMap<>();
        for (DeployGuide.Block b : blocks) {
            if (b.section().compareTo("7.") < 0) {
                out.put(b.section(), out.getOrDefault(b.section(), "") + run(b));
            }
        }

        // etcd: three members over TLS, healthy, with authentication on.
        String members = etcdctl("--user root:$(cat " + admin + "/etcd-root.password) member list -w json");
        assertThat(JSON.readTree(members).path("members")).hasSize(3)
                .allSatisfy(m -> assertThat(m.path("clientURLs").get(0).asText()).startsWith("https://10.0.0.1"));
        assertThat(hosts.sh("node2", "curl -s --cacert /etc/etcd/tls/ca.crt https://10.0.0.11:2379/version").exit())
                .as("etcd refuses a client without a certificate").isNotZero();
        assertThat(etcdctl("get /service/main/leader").strip()).as("etcd's users (a certificate alone reads nothing)")
                .contains("permission denied");
        assertThat(etcdctl("endpoint health")).as("etcd's health without a user").contains("is healthy")
                .doesNotContain("unhealthy");

        // One primary (node1), two streaming replicas; /primary over HTTPS answers 200 on node1 only.
        awaitCluster("node1", 1);
        assertThat(primaryAnswers(out.get("6. Checking the cluster")))
                .containsExactly(Map.entry("10.0.0.11", 200), Map.entry("10.0.0.12", 503), Map.entry("10.0.0.13", 503));

        // The application writes through the firewall during the whole upgrade.
        Path acked = dir.resolve("acked");
        startWriter(acked);
        await().atMost(TestTime.seconds(60)).until(() -> acks(acked).size() >= 20);
        String primaryStart = patroni("node1").path("postmaster_start_time").asText();

        Files.delete(admin.resolve(oldDeb.getFileName()));
        Files.copy(dir.resolve("pgward_" + debian(newVersion) + "_all.deb"), admin.resolve("pgward_" + debian(newVersion) + "_all.deb"));
        List<DeployGuide.Block> upgrade = blocks.stream().filter(b -> b.section().startsWith("7.")).toList();
        run(upgrade.get(0));
        assertThat(patroni("node1").path("postmaster_start_time").asText())
                .as("the primary's PostgreSQL while the replicas were upgraded").isEqualTo(primaryStart);
        assertThat(patroni("node1").path("role").asText()).isEqualTo("primary");
        for (DeployGuide.Block b : upgrade.subList(1, upgrade.size())) {
            run(b);
        }

        // node2 leads on timeline 2: one change of primary, the switchover; every member runs the new version.
        awaitCluster("node2", 2);
        String versions = hosts.sh("node3", "pgward version -c /etc/pgward/pgward.yml").output();
        for (String host : DeployGuide.HOSTS) {
            assertThat(versions).contains(host + ": " + newVersion);
            assertThat(hosts.sh(host, "dpkg-query -W -f='${Version}' pgward").output()).isEqualTo(debian(newVersion));
        }
        JsonNode history = JSON.readTree(etcdctl("--user root:$(cat " + admin + "/etcd-root.password)"
                + " get --print-value-only /service/main/history"));
        assertThat(history).as("timeline history: " + history).hasSize(1);

        int before = acks(acked).size();
        await().atMost(TestTime.seconds(60)).until(() -> acks(acked).size() >= before + 20);
        writer.kill9();
        writer = null;
        Set<Integer> ack = acks(acked);
        Cli.Result rows = Cli.exec(hosts.appShell(admin, "PGPASSWORD=$(cat superuser.password) psql -XAt "
                + "'host=10.0.0.11,10.0.0.12,10.0.0.13 user=postgres dbname=postgres target_session_attrs=read-write'"
                + " -c 'select id from deploy_acks'"), null);
        assertThat(rows.exit()).as(rows.output()).isZero();
        Set<Integer> stored = rows.output().lines().map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        assertThat(stored).as("every acknowledged write after the upgrade").containsAll(ack);
        failed = false;
    }

    /** Runs one block on each of its hosts in turn (a check again and again until it succeeds); their output. */
    private String run(DeployGuide.Block block) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String host : block.hosts()) {
            List<String> cmd = host.equals(DeployGuide.ADMIN)
                    ? List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8",
                            "bash", "-euo", "pipefail", "-c", "cd " + admin + "\n" + block.script())
                    : hosts.shell(host, admin, block.script());
            long deadline = System.nanoTime() + TestTime.seconds(180).toNanos();
            Cli.Result r = Cli.exec(cmd, null);
            while (block.untilSuccess() && r.exit() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                r = Cli.exec(cmd, null);
            }
            Files.writeString(dir.resolve("guide.log"), "=== " + block + " on " + host + ": exit " + r.exit() + "\n"
                    + r.output(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            assertThat(r.exit()).as(block + " on " + host + " failed:\n" + block.script() + "\n--- output:\n" + r.output())
                    .isZero();
            all.append(r.output());
        }
        return all.toString();
    }

    private String etcdctl(String args) throws Exception {
        return hosts.sh("node1", "etcdctl --endpoints=https://10.0.0.11:2379,https://10.0.0.12:2379,https://10.0.0.13:2379"
                + " --cacert=/etc/etcd/tls/ca.crt --cert=/etc/etcd/tls/node1.crt --key=/etc/etcd/tls/node1.key "
                + args).output();
    }

    /** Waits for {@code leader} leading and two replicas streaming, all on {@code timeline}. */
    private void awaitCluster(String leader, int timeline) {
        await().atMost(TestTime.seconds(120)).pollInterval(java.time.Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode list = JSON.readTree(hosts.sh("node1", "pgward list -c /etc/pgward/pgward.yml -f json").output());
            assertThat(list).hasSize(3);
            for (JsonNode m : list) {
                boolean leads = m.path("Member").asText().equals(leader);
                assertThat(m.path("Role").asText()).as(m.toString()).isEqualTo(leads ? "Leader" : "Replica");
                assertThat(m.path("State").asText()).as(m.toString()).isEqualTo(leads ? "running" : "streaming");
                assertThat(m.path("TL").asInt()).as(m.toString()).isEqualTo(timeline);
            }
        });
    }

    /** The guide's /primary loop: "address status" per host. */
    private static Map<String, Integer> primaryAnswers(String output) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        output.lines().filter(l -> l.matches("10\\.0\\.0\\.\\d+ \\d{3}"))
                .forEach(l -> codes.put(l.split(" ")[0], Integer.parseInt(l.split(" ")[1])));
        return codes;
    }

    private JsonNode patroni(String host) throws Exception {
        Cli.Result r = hosts.sh(host, "curl -sf --cacert /etc/pgward/tls/ca.crt https://" + hosts.address(host) + ":8008/patroni");
        assertThat(r.exit()).as(r.output()).isZero();
        return JSON.readTree(r.output());
    }

    /** An application on 10.0.0.20: one insert at a time to whichever host accepts writes; acknowledged ids to a file. */
    private void startWriter(Path acked) throws Exception {
        String dsn = "'host=10.0.0.11,10.0.0.12,10.0.0.13 user=postgres dbname=postgres target_session_attrs=read-write'";
        Cli.Result table = Cli.exec(hosts.appShell(admin, "PGPASSWORD=$(cat superuser.password) psql -XqAt " + dsn
                + " -c 'create table deploy_acks (id int primary key)'"), null);
        assertThat(table.exit()).as(table.output()).isZero();
        writer = Proc.start("writer", hosts.appShell(admin, "export PGPASSWORD=$(cat superuser.password) PGCONNECT_TIMEOUT=3\n"
                + "i=0\nwhile :; do i=$((i+1))\n"
                + "  if psql -XqAt " + dsn + " -c \"insert into deploy_acks values ($i)\"; then echo $i >> " + acked + "; fi\n"
                + "  sleep 0.2\ndone"), dir.resolve("writer.log"));
    }

    private static Set<Integer> acks(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String debian(String v) {
        return v.replace('-', '~');
    }

    /**
     * The package {@code deb} as the next release would be: the jar reports {@link #newVersion} (its manifest's
     * Implementation-Version) and the package has that version.
     */
    private void nextVersion(Path deb, Path next) throws Exception {
        Path tree = dir.resolve("next-deb");
        exec("dpkg-deb", "-R", deb.toString(), tree.toString());
        Path jar = tree.resolve("usr/share/pgward/pgward.jar");
        Path rewritten = dir.resolve("next.jar");
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, newVersion);
            try (JarOutputStream outJar = new JarOutputStream(Files.newOutputStream(rewritten), manifest)) {
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (!e.getName().equals(JarFile.MANIFEST_NAME)) {
                        outJar.putNextEntry(new JarEntry(e.getName()));
                        try (InputStream data = in.getInputStream(e)) {
                            data.transferTo(outJar);
                        }
                    }
                }
            }
        }
        Files.move(rewritten, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(jar)));
        Path md5sums = tree.resolve("DEBIAN/md5sums");
        Files.writeString(md5sums, Files.readString(md5sums).replaceAll("(?m)^\\w+(  usr/share/pgward/pgward\\.jar)$",
                md5 + "$1"));
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replace("Version: " + debian(version) + "\n",
                "Version: " + debian(newVersion) + "\n"));
        exec("dpkg-deb", "--root-owner-group", "-Zxz", "--build", tree.toString(), next.toString());
    }

    private static void exec(String... cmd) throws Exception {
        Cli.Result r = Cli.exec(List.of(cmd), null);
        assertThat(r.exit()).as(String.join(" ", cmd) + "\n" + r.output()).isZero();
    }
}
