package io.pgward.sim;

import io.pgward.dcs.KeyLayout;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A linearizable etcd of three members as pgward uses it: keys with mod revisions, leases with a TTL, the
 * compare-and-swap transactions of {@code EtcdDcs}. A request fails when the node cannot reach etcd or fewer than two
 * members are up (no majority). While there is no majority leases do not expire, and when it comes back every lease
 * gets a full TTL again, as etcd's new leader does. Keys are relative to the cluster prefix.
 */
final class SimEtcd {

    /** A request that no member answered (pgward's "etcd unreachable"). */
    static final class Unavailable extends RuntimeException {
        Unavailable(String why) {
            super(why, null, false, false);
        }
    }

    record Entry(String value, long lease, long modRevision) {}

    private record Lease(long ttlMillis, long expiresAt) {}

    private final TreeMap<String, Entry> keys = new TreeMap<>();
    private final Map<Long, Lease> leases = new HashMap<>();
    private final Scheduler clock;
    private final Network net;
    private final Consumer<String> watchers;
    private long revision = 1;
    private long nextLease = 0x1000;
    private int membersUp = 3;

    /** {@code watchers} hears every changed key (after the change). */
    SimEtcd(Scheduler clock, Network net, Consumer<String> watchers) {
        this.clock = clock;
        this.net = net;
        this.watchers = watchers;
    }

    boolean hasMajority() {
        return membersUp >= 2;
    }

    void setMembersUp(int up) {
        boolean regained = !hasMajority() && up >= 2;
        membersUp = up;
        if (regained) {
            leases.replaceAll((id, l) -> new Lease(l.ttlMillis(), clock.now() + l.ttlMillis()));
            leases.forEach((id, l) -> clock.at(l.expiresAt(), this::expire));
        }
    }

    long revision() {
        return revision;
    }

    /** The whole cluster prefix, as one linearizable range read (a view: read it before the next event). */
    Map<String, Entry> range(String node) {
        check(node);
        return java.util.Collections.unmodifiableMap(keys);
    }

    long leaseGrant(String node, long ttlSeconds) {
        check(node);
        long id = nextLease++;
        long ttl = ttlSeconds * 1000;
        leases.put(id, new Lease(ttl, clock.now() + ttl));
        clock.at(clock.now() + ttl, this::expire);
        return id;
    }

    /** The lease's TTL in seconds after the refresh, 0 when etcd no longer knows it. */
    long keepAlive(String node, long id) {
        check(node);
        Lease l = leases.get(id);
        if (l == null) {
            return 0;
        }
        leases.put(id, new Lease(l.ttlMillis(), clock.now() + l.ttlMillis()));
        clock.at(clock.now() + l.ttlMillis(), this::expire);
        return l.ttlMillis() / 1000;
    }

    void revoke(String node, long id) {
        check(node);
        leases.remove(id);
        dropKeysOf(id);
    }

    boolean putIfAbsent(String node, String key, String value, long lease) {
        check(node);
        if (keys.containsKey(key)) {
            return false;
        }
        write(key, value, lease);
        return true;
    }

    boolean putIfValue(String node, String key, String expected, String value, long lease) {
        check(node);
        Entry e = keys.get(key);
        if (e == null || !e.value().equals(expected)) {
            return false;
        }
        write(key, value, lease);
        return true;
    }

    /** Compare-and-swap on the key's mod revision (0: the key must be absent). */
    boolean putIfRevision(String node, String key, String value, long expectedRevision) {
        check(node);
        Entry e = keys.get(key);
        if ((e == null ? 0 : e.modRevision()) != expectedRevision) {
            return false;
        }
        write(key, value, 0);
        return true;
    }

    boolean deleteIfValue(String node, String key, String expected) {
        check(node);
        Entry e = keys.get(key);
        if (e == null || !e.value().equals(expected)) {
            return false;
        }
        delete(key);
        return true;
    }

    void put(String node, String key, String value, long lease) {
        check(node);
        write(key, value, lease);
    }

    void delete(String node, String key) {
        check(node);
        if (keys.containsKey(key)) {
            delete(key);
        }
    }

    /** What the checker sees (no network): whether {@code node} holds the leader key on a lease still alive now. */
    boolean holdsLeaderKey(String node) {
        Entry e = keys.get(KeyLayout.LEADER);
        if (e == null || !e.value().equals(node)) {
            return false;
        }
        Lease l = leases.get(e.lease());
        return l != null && (l.expiresAt() > clock.now() || !hasMajority());
    }

    String leader() {
        Entry e = keys.get(KeyLayout.LEADER);
        return e == null ? null : e.value();
    }

    String value(String key) {
        Entry e = keys.get(key);
        return e == null ? null : e.value();
    }

    /** Bootstrap of the simulated cluster: writes without a node. */
    void seed(String key, String value, long lease) {
        write(key, value, lease);
    }

    long grantForSeed(long ttlSeconds) {
        long id = nextLease++;
        leases.put(id, new Lease(ttlSeconds * 1000, clock.now() + ttlSeconds * 1000));
        clock.at(clock.now() + ttlSeconds * 1000, this::expire);
        return id;
    }

    private void check(String node) {
        if (!hasMajority()) {
            throw new Unavailable("etcd has no majority");
        }
        if (!net.reachesEtcd(node)) {
            throw new Unavailable(node + " cannot reach etcd");
        }
    }

    private void expire() {
        if (!hasMajority()) {
            return;
        }
        long now = clock.now();
        var gone = leases.entrySet().stream().filter(e -> e.getValue().expiresAt() <= now).map(Map.Entry::getKey)
                .sorted().toList();
        for (long id : gone) {
            leases.remove(id);
            dropKeysOf(id);
        }
    }

    private void dropKeysOf(long lease) {
        var owned = keys.entrySet().stream().filter(e -> e.getValue().lease() == lease).map(Map.Entry::getKey).toList();
        for (String key : owned) {
            delete(key);
        }
    }

    private void write(String key, String value, long lease) {
        revision++;
        keys.put(key, new Entry(value, lease, revision));
        watchers.accept(key);
    }

    private void delete(String key) {
        revision++;
        keys.remove(key);
        watchers.accept(key);
    }
}
