package io.pgward.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Names, directories and ports of a 3-node cluster under dir, with every port offset by portBase. */
record ClusterLayout(Path dir, int portBase) {

    int n() {
        return 3;
    }

    String name(int i) {
        return "n" + (i + 1);
    }

    int index(String name) {
        return Integer.parseInt(name.substring(1)) - 1;
    }

    Path nodeDir(int i) {
        return dir.resolve(name(i));
    }

    Path dataDir(int i) {
        return nodeDir(i).resolve("data");
    }

    Path config(int i) {
        return dir.resolve(name(i) + ".yml");
    }

    Path agentLog(int i) {
        return dir.resolve(name(i) + ".log");
    }

    int pgPort(int i) {
        return portBase + 5432 + i;
    }

    int restPort(int i) {
        return portBase + 8008 + i;
    }

    int etcdClientPort() {
        return portBase + 2379;
    }

    int etcdPeerPort() {
        return portBase + 2380;
    }

    /** Every port the cluster listens on: PostgreSQL, REST, etcd client and peer. */
    List<Integer> ports() {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n(); i++) {
            l.add(pgPort(i));
        }
        for (int i = 0; i < n(); i++) {
            l.add(restPort(i));
        }
        l.add(etcdClientPort());
        l.add(etcdPeerPort());
        return l;
    }
}
