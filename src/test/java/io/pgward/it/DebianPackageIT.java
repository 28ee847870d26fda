package io.pgward.it;

import io.pgward.cli.JvmFlags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The Debian package on this machine: built by scripts/package.sh, installed with dpkg, its unit verified, its agent
 * started the way the unit starts it joins a cluster and stops cleanly on SIGTERM, then the package is removed and
 * purged. The package never stays installed: {@link #purge()} runs whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackageIT {

    private static final Path UNIT = Path.of("/lib/systemd/system/pgward.service");
    private static final Path CONFIG = Path.of("/etc/pgward/pgward.yml");
    private static final Path LAUNCHER = Path.of("/usr/bin/pgward");
    private static final Path JAR = Path.of("/usr/share/pgward/pgward.jar");
    private static final Map<Path, String> MODES = Map.of(
            LAUNCHER, "rwxr-xr-x root:root",
            JAR, "rw-r--r-- root:root",
            UNIT, "rw-r--r-- root:root",
            CONFIG, "rw-r----- root:postgres",
            Path.of("/usr/share/bash-completion/completions/pgward"), "rw-r--r-- root:root",
            Path.of("/usr/share/man/man1/pgward.1.gz"), "rw-r--r-- root:root",
            Path.of("/usr/share/doc/pgward/copyright"), "rw-r--r-- root:root",
            Path.of("/usr/share/doc/pgward/changelog.gz"), "rw-r--r-- root:root",
            Path.of("/usr/share/doc/pgward/monitoring/pgward-alerts.yml"), "rw-r--r-- root:root",
            Path.of("/usr/share/doc/pgward/monitoring/pgward-dashboard.json"), "rw-r--r-- root:root");

    private final String version = System.getProperty("pgward.version");
    /** Set before dpkg -i: only a package this test installed is purged by it. */
    private boolean ours;

    @BeforeAll
    void buildAndInstall() throws Exception {
        assumeThat(System.getProperty("user.name")).as("dpkg -i needs root").isEqualTo("root");
        assumeThat(Path.of("/usr/bin/dpkg")).as("dpkg is not installed").isExecutable();
        assertThat(version).as("the build's version (system property pgward.version, set by the pom)").isNotNull();
        assertThat(dpkgStatus()).as("pgward is already installed on this machine; this test installs and purges it,"
                + " so remove it first: dpkg -P pgward").isEmpty();
        Cli.Result built = Cli.exec(List.of("scripts/package.sh"), null);
        assertThat(built.exit()).as(built.output()).isZero();
        String deb = built.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(deb).endsWith("/pgward_" + version.replace('-', '~') + "_all.deb");
        ours = true;
        run("dpkg", "-i", deb);
    }

    @AfterAll
    void purge() throws Exception {
        if (ours && !dpkgStatus().isEmpty()) {
            Cli.exec(List.of("dpkg", "-P", "pgward"), null);
        }
    }

    @Test
    @Order(1)
    void installsItsFilesWithTheirOwnersAndModesAndTheConfigAsAConffile() throws Exception {
        for (Map.Entry<Path, String> f : MODES.entrySet()) {
            PosixFileAttributes a = Files.readAttributes(f.getKey(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            assertThat(PosixFilePermissions.toString(a.permissions()) + " " + a.owner().getName() + ":" + a.group().getName())
                    .as(f.getKey().toString()).isEqualTo(f.getValue());
        }
        assertThat(Files.mismatch(JAR, Path.of(System.getProperty("pgward.jar", "target/pgward.jar"))))
                .as("the installed jar is the build's").isEqualTo(-1);
        assertThat(run("dpkg-query", "-W", "-f=${Conffiles}", "pgward")).contains(CONFIG.toString());
        assertThat(run("dpkg-query", "-W", "-f=${Version}", "pgward")).isEqualTo(version.replace('-', '~'));
        assertThat(run(LAUNCHER.toString(), "lint", CONFIG.toString())).as("the example configuration")
                .contains("0 error(s)");
    }

    @Test
    @Order(2)
    void theLauncherRunsTheBuildsVersionWithTheAgentsJvmFlags() throws Exception {
        assertThat(run(LAUNCHER.toString(), "version").strip()).isEqualTo("pgward version " + version);
        String launcher = Files.readString(LAUNCHER);
        assertThat(launcher).contains("\ndefault_opts=\"" + String.join(" ", JvmFlags.AGENT) + "\"\n")
                .contains("MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-" + JvmFlags.MALLOC_ARENA_MAX + "}\"");
    }

    @Test
    @Order(3)
    void theUnitRunsTheAgentAsPostgresAndOnlySignalsTheAgent() throws Exception {
        SystemdUnit unit = SystemdUnit.read(UNIT);
        assertThat(unit.get("User")).isEqualTo("postgres");
        assertThat(unit.get("KillMode")).isEqualTo("process");
        assertThat(unit.get("ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
        assertThat(unit.get("Restart")).isEqualTo("on-failure");
        assertThat(unit.get("After")).contains("network-online.target");
        assertThat(unit.has("LimitNOFILE")).isTrue();
        assertThat(unit.execStart()).containsExactly(LAUNCHER.toString(), "agent", "-c", CONFIG.toString());
        assumeThat(Path.of("/usr/bin/systemd-analyze")).as("systemd-analyze is not installed").isExecutable();
        Cli.Result verify = Cli.exec(List.of("systemd-analyze", "verify", UNIT.toString()), null);
        assertThat(verify.output()).as("systemd-analyze verify").isEmpty();
        assertThat(verify.exit()).isZero();
    }

    @Test
    @Order(4)
    void theManPageAndTheCompletionAreFoundWhereManAndBashLook() throws Exception {
        assertThat(Cli.exec(List.of("bash", "-c", "source /usr/share/bash-completion/completions/pgward"
                + " && COMP_WORDS=(pgward swi) COMP_CWORD=1 && _complete_pgward 2>/dev/null; echo \"${COMPREPLY[@]}\""),
                null).output().strip()).isEqualTo("switchover");
        assumeThat(Path.of("/usr/bin/man")).as("man is not installed").isExecutable();
        assertThat(Cli.exec(List.of("env", "MANPAGER=cat", "MANWIDTH=100", "man", "pgward"), null).output())
                .contains("pgward agent").contains("EXIT STATUS").contains("SIGHUP");
    }

    /** The agent the unit would start (same user, command line, environment), as the second node of a cluster. */
    @Test
    @Order(5)
    void theInstalledAgentStartedAsTheUnitStartsItJoinsAClusterReloadsOnHupAndStopsCleanlyOnTerm() throws Exception {
        SystemdUnit unit = SystemdUnit.read(UNIT);
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            cluster.startEtcd().writeConfigs();
            cluster.startAgent(0);
            await().atMost(TestTime.seconds(60)).ignoreExceptions().until(() -> "n1".equals(cluster.view().leader()));

            Files.writeString(CONFIG, cluster.yaml(1));
            Path nodeDir = cluster.dataDir(1).getParent();
            Files.createDirectories(nodeDir);
            Cli.exec(List.of("chown", unit.get("User") + ":" + unit.get("Group"), nodeDir.toString()), null);
            Proc agent = Proc.start("n2", asTheUnitRunsIt(unit), cluster.dir.resolve("n2.log"));
            cluster.agents.put("n2", agent);

            assertThat(cluster.awaitHealthy(TestTime.seconds(90))).isEqualTo("n1");
            Rest rest = new Rest(null, null);
            assertThat(rest.status(cluster.restPorts[1], "GET", "/replica")).isEqualTo(200);
            assertThat(rest.call(cluster.restPorts[1], "GET", "/patroni", null).body())
                    .contains("\"version\":\"" + version + "\"");
            Path proc = Path.of("/proc", Long.toString(agent.pid()));
            assertThat(Files.getOwner(proc).getName()).as("the agent's user").isEqualTo("postgres");
            assertThat(ProcessHandle.of(agent.pid()).flatMap(p -> p.info().command()).orElse(""))
                    .as("the unit's main PID is the JVM itself (so ExecReload's HUP reaches the agent)").endsWith("/java");

            long postmaster = cluster.postmaster(1).orElseThrow().pid();
            Cli.Result reload = Cli.exec(List.of(unit.get("ExecReload").replace("$MAINPID", Long.toString(agent.pid()))
                    .split(" ")), null);
            assertThat(reload.exit()).as(reload.output()).isZero();
            await().atMost(TestTime.seconds(20)).until(() -> cluster.log(1).contains("reloaded " + CONFIG));
            assertThat(agent.alive()).as("the agent after a reload").isTrue();
            assertThat(cluster.postmaster(1).map(ProcessHandle::pid)).as("PostgreSQL after a reload").contains(postmaster);

            Duration stopTimeout = Duration.ofSeconds(Long.parseLong(unit.get("TimeoutStopSec").replace("s", "")));
            long start = System.nanoTime();
            int exit = agent.terminate(stopTimeout);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the stop").isLessThan(stopTimeout);
            assertThat(exit).as("exit status after SIGTERM").isZero();
            assertThat(cluster.postmaster(1)).as("n2's PostgreSQL after its agent stopped").isEmpty();
            assertThat(cluster.view().leader()).isEqualTo("n1");
        }
    }

    @Test
    @Order(6)
    void removeDisablesTheUnitKeepsOnlyTheChangedConffileAndPurgeRemovesItToo() throws Exception {
        Files.writeString(CONFIG, Files.readString(CONFIG) + "# changed by the operator\n");
        Path wants = Path.of("/etc/systemd/system/multi-user.target.wants/pgward.service");
        boolean enabled = Files.isExecutable(Path.of("/bin/systemctl"));
        if (enabled) {
            run("systemctl", "enable", "pgward.service");
            assertThat(wants).isSymbolicLink();
        }
        run("dpkg", "-r", "pgward");
        if (enabled) {
            assertThat(Files.exists(wants, LinkOption.NOFOLLOW_LINKS)).as("the unit's link after dpkg -r").isFalse();
        }
        for (Path f : MODES.keySet()) {
            assertThat(Files.exists(f)).as(f + " after dpkg -r").isEqualTo(f.equals(CONFIG));
        }
        assertThat(Files.readString(CONFIG)).contains("# changed by the operator");
        assertThat(dpkgStatus()).isEqualTo("deinstall ok config-files");

        run("dpkg", "-P", "pgward");
        assertThat(Path.of("/etc/pgward")).doesNotExist();
        assertThat(Path.of("/usr/share/pgward")).doesNotExist();
        assertThat(Path.of("/usr/share/doc/pgward")).doesNotExist();
        assertThat(dpkgStatus()).isEmpty();
    }

    /** setpriv (util-linux) changes user and execs, so the PID is the launcher's, then the JVM's, as under systemd. */
    private static ProcessBuilder asTheUnitRunsIt(SystemdUnit unit) throws Exception {
        String user = unit.get("User");
        String home = run("getent", "passwd", user).strip().split(":")[5];
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + unit.get("Group"),
                "--init-groups", "--"));
        cmd.addAll(unit.execStart());
        ProcessBuilder b = new ProcessBuilder(cmd).directory(Path.of("/").toFile());
        Map<String, String> env = b.environment();
        env.clear();
        env.putAll(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME", home,
                "USER", user, "LOGNAME", user, "LANG", "C.UTF-8"));
        return b;
    }

    /** dpkg's status of pgward ("install ok installed", "deinstall ok config-files"), empty when none is left. */
    private static String dpkgStatus() throws Exception {
        Cli.Result r = Cli.exec(List.of("dpkg-query", "-W", "-f=${Status}", "pgward"), null);
        return r.exit() != 0 || r.output().endsWith("not-installed") ? "" : r.output().strip();
    }

    /** Runs a command that must succeed; returns its output. */
    private static String run(String... cmd) throws Exception {
        Cli.Result r = Cli.exec(List.of(cmd), null);
        assertThat(r.exit()).as(String.join(" ", cmd) + "\n" + r.output()).isZero();
        return r.output();
    }
}
