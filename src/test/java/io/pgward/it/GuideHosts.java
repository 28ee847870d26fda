package io.pgward.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Three Debian "hosts" on this machine for docs/deploy.md, plus an application host. A host is a network namespace
 * with the guide's address on a shared bridge, its own hostname (UTS namespace) and its own mount namespace in which
 * {@code /etc}, {@code /usr} and {@code /var} are overlays of the machine's (what a host installs or writes stays in
 * its upper directory: dpkg, configuration, data directories) and {@code /run} is a fresh tmpfs (sockets, as after
 * boot). {@code /tmp} is shared: the guide's admin directory lives there. The namespaces are kept alive by bind
 * mounts of their files, and {@link #close} kills every process left in a host, by PID, then removes everything.
 */
final class GuideHosts implements AutoCloseable {

    static final String APP_ADDRESS = "10.0.0.20";

    private final String tag = "pwdg" + Integer.toString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff), 36);
    final Path dir;
    private final Path nsDir;
    private final Path bin;
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> netns = new ArrayList<>();
    private final List<Path> nsFiles = new ArrayList<>();
    private boolean nsDirMounted;

    GuideHosts(Path dir, Path systemctl) {
        this.dir = dir;
        this.nsDir = dir.resolve("ns");
        this.bin = dir.resolve("bin");
        try {
            Files.createDirectories(nsDir);
            Files.createDirectories(bin);
            Files.copy(systemctl, bin.resolve("systemctl"));
            bin.resolve("systemctl").toFile().setExecutable(true, false);
            // A mount namespace can be kept in a file only on a private mount.
            NetLab.sh("mount", "--bind", nsDir.toString(), nsDir.toString());
            nsDirMounted = true;
            NetLab.sh("mount", "--make-private", nsDir.toString());
            String bridge = tag + "-br";
            netns.add(bridge);
            NetLab.addBridge(bridge);
            for (int i = 0; i < DeployGuide.HOSTS.size(); i++) {
                String name = DeployGuide.HOSTS.get(i);
                addresses.put(name, "10.0.0." + (11 + i));
                netns.add(netns(name));
                NetLab.addHost(netns(name), addresses.get(name), bridge, tag + i);
                boot(name);
            }
            netns.add(netns("app"));
            NetLab.addHost(netns("app"), APP_ADDRESS, bridge, tag + "a");
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot set up the guide's hosts: " + e.getMessage(), e);
        }
    }

    private String netns(String host) {
        return tag + "-" + host;
    }

    String address(String host) {
        return addresses.get(host);
    }

    /** Where the test's systemctl keeps a host's units' main PIDs and logs. */
    Path units(String host) {
        return dir.resolve("hosts").resolve(host).resolve("units");
    }

    private void boot(String host) throws IOException {
        Path root = dir.resolve("hosts").resolve(host);
        StringBuilder mounts = new StringBuilder("set -e; hostname " + host + "\n");
        for (String d : List.of("etc", "usr", "var")) {
            Files.createDirectories(root.resolve(d + "-upper"));
            Files.createDirectories(root.resolve(d + "-work"));
            mounts.append("mount -t overlay ").append(tag).append(d).append(" -o lowerdir=/").append(d)
                    .append(",upperdir=").append(root.resolve(d + "-upper")).append(",workdir=")
                    .append(root.resolve(d + "-work")).append(" /").append(d).append('\n');
        }
        mounts.append("mount -t tmpfs -o mode=0755 ").append(tag).append("run /run\n")
                .append("install -d -o postgres -g postgres -m 2775 /run/postgresql\n");
        Files.createDirectories(units(host));
        Path mnt = nsDir.resolve(host + ".mnt");
        Path uts = nsDir.resolve(host + ".uts");
        Files.createFile(mnt);
        Files.createFile(uts);
        nsFiles.add(mnt);
        nsFiles.add(uts);
        NetLab.sh("unshare", "--mount=" + mnt, "--uts=" + uts, "--propagation", "private", "sh", "-c", mounts.toString());
    }

    /**
     * The command that runs {@code script} with bash -euo pipefail on {@code host} (as root, in {@code cwd}), with
     * the guide's NAME and IP and the test's systemctl first on PATH.
     */
    List<String> shell(String host, Path cwd, String script) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--mount=" + nsDir.resolve(host + ".mnt"),
                "--uts=" + nsDir.resolve(host + ".uts"), "--net=/run/netns/" + netns(host), "--",
                "env", "-i", "PATH=" + bin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=/root", "LANG=C.UTF-8", "NAME=" + host, "IP=" + address(host),
                "SYSTEMCTL_STATE=" + units(host)));
        cmd.addAll(List.of("bash", "-euo", "pipefail", "-c", "cd " + cwd + "\n" + script));
        return cmd;
    }

    /** The command that runs {@code script} with bash on the application host (network namespace only). */
    List<String> appShell(Path cwd, String script) {
        return List.of("ip", "netns", "exec", netns("app"), "bash", "-euo", "pipefail", "-c", "cd " + cwd + "\n" + script);
    }

    /** Runs {@code script} on {@code host}; its exit status and output (errors included). */
    Cli.Result sh(String host, String script) throws Exception {
        return Cli.exec(shell(host, dir, script), null);
    }

    /** The inode of a host's mount namespace: the processes showing it in /proc/PID/ns/mnt live on that host. */
    private String mountNamespace(Path nsFile) throws IOException {
        return "mnt:[" + Files.getAttribute(nsFile, "unix:ino") + "]";
    }

    /** Every process on a host: the units' main PIDs first (SIGTERM, as systemctl stop), then the rest (SIGKILL). */
    private void killHost(String host) throws IOException, InterruptedException {
        try (Stream<Path> pids = Files.list(units(host))) {
            for (Path f : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(p -> {
                    p.destroy();
                    try {
                        p.onExit().get(TestTime.seconds(60).toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
            }
        }
        String ns = mountNamespace(nsDir.resolve(host + ".mnt"));
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> inNamespace(p.pid(), ns)).toList();
            if (left.isEmpty()) {
                return;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(100);
        }
    }

    private static boolean inNamespace(long pid, String ns) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString().equals(ns);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (String host : DeployGuide.HOSTS) {
            try {
                if (Files.exists(nsDir.resolve(host + ".mnt"))) {
                    killHost(host);
                }
            } catch (IOException e) {
                System.out.println("could not stop everything on " + host + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path f : nsFiles) {
            quietly("umount", f.toString());
        }
        if (nsDirMounted) {
            quietly("umount", nsDir.toString());
        }
        for (String ns : netns) {
            quietly("ip", "netns", "del", ns);
        }
    }

    private static void quietly(String... cmd) {
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
        } catch (IOException e) {
            System.out.println(String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
