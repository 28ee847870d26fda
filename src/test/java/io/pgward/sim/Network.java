package io.pgward.sim;

import java.util.HashSet;
import java.util.Set;

/** Who can reach whom: a node and etcd, two nodes (symmetric partitions only). */
final class Network {

    private final Set<String> cutFromEtcd = new HashSet<>();
    private final Set<String> cutPairs = new HashSet<>();

    boolean reachesEtcd(String node) {
        return !cutFromEtcd.contains(node);
    }

    boolean connected(String a, String b) {
        return a.equals(b) || !cutPairs.contains(pair(a, b));
    }

    void cutFromEtcd(String node, boolean cut) {
        if (cut) {
            cutFromEtcd.add(node);
        } else {
            cutFromEtcd.remove(node);
        }
    }

    void cut(String a, String b, boolean cut) {
        if (cut) {
            cutPairs.add(pair(a, b));
        } else {
            cutPairs.remove(pair(a, b));
        }
    }

    void healAll() {
        cutFromEtcd.clear();
        cutPairs.clear();
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
