package io.pgward.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real hosts on one machine: each node and etcd in its own network namespace with its own address, joined by a
 * bridge that lives in a namespace of its own; the test JVM reaches them through one more veth. Only addresses
 * inside these namespaces are used. Faults are nftables drops inside a host's namespace; {@link #close} removes
 * everything, even after a failed test.
 */
final class NetLab implements AutoCloseable {

    private static final String NET = "10.231.0";
    private final String tag = "pw" + Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 36);
    private final int nodes;
    private final List<String> namespaces = new ArrayList<>();
    private final String observerLink;

    NetLab(int nodes) {
        this.nodes = nodes;
        this.observerLink = tag + "o";
        try {
            String bridge = tag + "-br";
            namespaces.add(bridge);
            addBridge(bridge);
            host(etcdNamespace(), etcdAddress(), bridge, "e");
            for (int i = 0; i < nodes; i++) {
                host(nodeNamespace(i), nodeAddress(i), bridge, "n" + i);
            }
            // The observer (this JVM) joins the bridge from the root namespace.
            sh("ip", "link", "add", observerLink, "type", "veth", "peer", "name", tag + "p", "netns", bridge);
            sh("ip", "netns", "exec", bridge, "ip", "link", "set", tag + "p", "master", "br0", "up");
            sh("ip", "addr", "add", NET + ".1/24", "dev", observerLink);
            sh("ip", "link", "set", observerLink, "up");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether this machine can create network namespaces (root and iproute2). */
    static boolean available() {
        try {
            return new ProcessBuilder("ip", "netns", "list").start().waitFor() == 0
                    && "root".equals(System.getProperty("user.name"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A network namespace holding bridge br0, which {@link #addHost} joins hosts to. */
    static void addBridge(String bridge) {
        sh("ip", "netns", "add", bridge);
        sh("ip", "netns", "exec", bridge, "ip", "link", "add", "br0", "type", "bridge");
        sh("ip", "netns", "exec", bridge, "ip", "link", "set", "br0", "up");
    }

    /**
     * A network namespace {@code ns} with loopback up and eth0 at {@code address}/24 on the bridge; the veth pair is
     * named {@code link} (outside: {@code link}b) until it is renamed, so it must be unique on the machine.
     */
    static void addHost(String ns, String address, String bridge, String link) {
        sh("ip", "netns", "add", ns);
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        sh("ip", "link", "add", link, "netns", ns, "type", "veth", "peer", "name", link + "b", "netns", bridge);
        sh("ip", "netns", "exec", bridge, "ip", "link", "set", link + "b", "master", "br0", "up");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", link, "name", "eth0");
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", "eth0");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
    }

    /**
     * A network namespace {@code ns} joined to the root namespace by one veth pair: eth0 at {@code address}/24 inside,
     * {@code link} at {@code rootAddress}/24 outside (unique on the machine). Deleting the namespace removes both ends.
     */
    static void addLinkedHost(String ns, String address, String link, String rootAddress) {
        sh("ip", "netns", "add", ns);
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        sh("ip", "link", "add", link, "type", "veth", "peer", "name", link + "h", "netns", ns);
        sh("ip", "netns", "exec", ns, "ip", "link", "set", link + "h", "name", "eth0");
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", "eth0");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        sh("ip", "addr", "add", rootAddress + "/24", "dev", link);
        sh("ip", "link", "set", link, "up");
    }

    private void host(String ns, String address, String bridge, String shortName) {
        namespaces.add(ns);
        addHost(ns, address, bridge, tag + shortName);
        sh("ip", "netns", "exec", ns, "nft", "add", "table", "inet", "pw");
        sh("ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "pw", "in",
                "{ type filter hook input priority 0 ; policy accept ; }");
        sh("ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "pw", "out",
                "{ type filter hook output priority 0 ; policy accept ; }");
    }

    String subnet() {
        return NET + ".0/24";
    }

    String etcdNamespace() {
        return tag + "-e";
    }

    String etcdAddress() {
        return NET + ".10";
    }

    String nodeNamespace(int i) {
        return tag + "-n" + (i + 1);
    }

    String nodeAddress(int i) {
        return NET + "." + (11 + i);
    }

    List<String> exec(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /** Node i can neither send to nor receive from {@code peers} (addresses); the observer still reaches it. */
    void cut(int node, List<String> peers) {
        for (String peer : peers) {
            nft(nodeNamespace(node), "add", "rule", "inet", "pw", "in", "ip", "saddr", peer, "drop");
            nft(nodeNamespace(node), "add", "rule", "inet", "pw", "out", "ip", "daddr", peer, "drop");
        }
    }

    /**
     * Node i's host no longer exchanges anything on {@code port} with the other node hosts (its etcd member is cut
     * from its peers on the peer port) while everything else, clients of that member included, still passes.
     */
    void cutPort(int node, int port) {
        for (int j = 0; j < nodes; j++) {
            if (j == node) {
                continue;
            }
            String peer = nodeAddress(j);
            for (String dir : List.of("sport", "dport")) {
                nft(nodeNamespace(node), "add", "rule", "inet", "pw", "in", "ip", "saddr", peer, "tcp", dir,
                        Integer.toString(port), "drop");
                nft(nodeNamespace(node), "add", "rule", "inet", "pw", "out", "ip", "daddr", peer, "tcp", dir,
                        Integer.toString(port), "drop");
            }
        }
    }

    /**
     * Node i's TCP connections with {@code peer}'s port are reset, and new ones refused at once (not dropped: the
     * other side learns it immediately, nothing hangs until a timeout).
     */
    void refuse(int node, String peer, int port) {
        nft(nodeNamespace(node), "add", "rule", "inet", "pw", "out", "ip", "daddr", peer, "tcp", "dport",
                Integer.toString(port), "reject", "with", "tcp", "reset");
        nft(nodeNamespace(node), "add", "rule", "inet", "pw", "in", "ip", "saddr", peer, "tcp", "sport",
                Integer.toString(port), "reject", "with", "tcp", "reset");
    }

    /** Node i no longer receives anything from {@code peer} (it can still send): a one-way partition. */
    void deafen(int node, String peer) {
        nft(nodeNamespace(node), "add", "rule", "inet", "pw", "in", "ip", "saddr", peer, "drop");
    }

    /** Node i is cut from etcd and every other node. */
    void isolate(int node) {
        List<String> others = new ArrayList<>(List.of(etcdAddress()));
        for (int j = 0; j < nodes; j++) {
            if (j != node) {
                others.add(nodeAddress(j));
            }
        }
        cut(node, others);
    }

    /** Removes every drop rule: the network is whole again. */
    void heal() {
        for (int i = 0; i < nodes; i++) {
            nft(nodeNamespace(i), "flush", "chain", "inet", "pw", "in");
            nft(nodeNamespace(i), "flush", "chain", "inet", "pw", "out");
        }
    }

    private void nft(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "nft"));
        cmd.addAll(List.of(args));
        sh(cmd.toArray(new String[0]));
    }

    static void sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("ip", "link", "del", observerLink).start().waitFor();
            for (String ns : namespaces) {
                new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        namespaces.clear();
    }
}
