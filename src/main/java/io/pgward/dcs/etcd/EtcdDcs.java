package io.pgward.dcs.etcd;

import io.pgward.PgwardException;
import io.pgward.config.Config;
import io.pgward.config.EtcdConfig;
import io.pgward.dcs.Dcs;
import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;
import io.pgward.tls.PemTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pgward.dcs.etcd.Ops.absent;
import static io.pgward.dcs.etcd.Ops.modRevisionEquals;
import static io.pgward.dcs.etcd.Ops.requestDelete;
import static io.pgward.dcs.etcd.Ops.requestPut;
import static io.pgward.dcs.etcd.Ops.valueEquals;

/** {@link Dcs} over etcd v3, with one lease per agent process (as Patroni's etcd3 module). */
public final class EtcdDcs implements Dcs {

    private static final Logger log = LoggerFactory.getLogger(EtcdDcs.class);

    private final EtcdClient client;
    private final KeyLayout keys;
    private final String me;
    private volatile long ttlSeconds;
    private volatile long lease;
    /** The ttl etcd reported for {@link #lease} at its last refresh, 0 before the first. */
    private volatile long grantedTtl;
    private volatile boolean closed;
    private volatile String lastPublished;
    private volatile String lastStatus;
    /** Lease of the leader key when the last read showed it naming this node, else 0. */
    private volatile long myLeaderLease;
    private volatile long publishedWithLease;
    private Thread watcher;

    public EtcdDcs(Config config, Duration requestTimeout, long ttlSeconds) {
        this(config, requestTimeout, requestTimeout, ttlSeconds);
    }

    /** {@code electionBudget}: see {@link EtcdClient#EtcdClient(List, Duration, Duration, String, String, SSLContext)}. */
    public EtcdDcs(Config config, Duration requestTimeout, Duration electionBudget, long ttlSeconds) {
        this(new EtcdClient(config.etcd().endpoints(), requestTimeout, electionBudget, config.etcd().username(),
                config.etcd().password(), tls(config.etcd())), new KeyLayout(config.keyPrefix()), config.name(), ttlSeconds);
    }

    /** TLS for {@code protocol: https}: the configured CA (else the JDK's) and client certificate, as Patroni uses them. */
    public static SSLContext tls(EtcdConfig etcd) {
        return "https".equals(etcd.protocol()) ? PemTls.client("etcd", etcd.cacert(), etcd.cert(), etcd.key()) : null;
    }

    public EtcdDcs(EtcdClient client, KeyLayout keys, String me, long ttlSeconds) {
        this.client = client;
        this.keys = keys;
        this.me = me;
        this.ttlSeconds = ttlSeconds;
    }

    /** Takes effect at the next lease grant (the current lease is dropped so the new TTL applies now). */
    public void setTtl(long seconds) {
        if (seconds != ttlSeconds) {
            ttlSeconds = seconds;
            lease = 0;
        }
    }

    @Override
    public ClusterView read() {
        EtcdClient.RangeResult r = client.getPrefix(keys.prefix());
        Map<String, String> values = new HashMap<>();
        Map<String, Long> revisions = new HashMap<>();
        long leaderLeaseSeen = 0;
        for (EtcdClient.KeyValue kv : r.kvs()) {
            String relative = kv.key().substring(keys.prefix().length());
            if (relative.equals(KeyLayout.LEADER) && me.equals(kv.value())) {
                leaderLeaseSeen = kv.lease();
            }
            values.put(relative, kv.value());
            revisions.put(relative, kv.modRevision());
        }
        myLeaderLease = leaderLeaseSeen;
        return WireFormat.clusterView(values, revisions.getOrDefault(KeyLayout.CONFIG, 0L),
                revisions.getOrDefault(KeyLayout.SYNC, 0L), revisions.getOrDefault(KeyLayout.RESTORE, 0L));
    }

    private long lease() {
        long l = lease;
        if (l == 0) {
            l = client.leaseGrant(ttlSeconds);
            lease = l;
            log.debug("granted etcd lease {} with ttl {}s", Long.toHexString(l), ttlSeconds);
        }
        return l;
    }

    /** Keeps the lease alive; grants a new one when etcd forgot it. */
    private long refreshedLease() {
        long l = lease();
        long ttl = client.leaseKeepAlive(l);
        if (ttl <= 0) {
            log.info("my etcd lease {} expired; granting a new one", Long.toHexString(l));
            lease = 0;
            l = lease();
            ttl = client.leaseKeepAlive(l);
        }
        grantedTtl = ttl;
        return l;
    }

    /**
     * Seconds the leader key's lease has left (two reads: the key, then its lease), empty when there is no leader key
     * or it has no lease.
     */
    @Override
    public java.util.OptionalLong leaderLeaseLeftSeconds() {
        List<EtcdClient.KeyValue> kvs = client.get(keys.leader()).kvs();
        if (kvs.isEmpty() || kvs.get(0).lease() == 0) {
            return java.util.OptionalLong.empty();
        }
        long ttl = client.leaseTimeToLive(kvs.get(0).lease());
        return ttl < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(ttl);
    }

    /**
     * Whether the leader key names this node, asked within {@code budget} (all members together); throws when no
     * member answered in time.
     */
    public boolean leaderKeyMine(Duration budget) {
        List<EtcdClient.KeyValue> kvs = client.getWithin(keys.leader(), budget).kvs();
        return !kvs.isEmpty() && me.equals(kvs.get(0).value());
    }

    /** How long since etcd was last heard from by any request of this agent (see {@link EtcdClient#lastHeardNanos()}). */
    public Duration sinceEtcdHeard() {
        long last = client.lastHeardNanos();
        return last == 0 ? Duration.ofDays(1) : Duration.ofNanos(Math.max(0, System.nanoTime() - last));
    }

    @Override
    public long leaseTtlSeconds() {
        long granted = grantedTtl;
        return granted > 0 ? Math.min(granted, ttlSeconds) : ttlSeconds;
    }

    @Override
    public boolean renewLeader() {
        long before = lease;
        long l = refreshedLease();
        if (l == before && l != 0 && myLeaderLease == l) {
            return true;    // the key we read names us and lives on the lease etcd just refreshed: nothing to write
        }
        String key = keys.leader();
        // Re-put with our (maybe new) lease only if the key still names us.
        return client.txn(List.of(valueEquals(key, me)), List.of(requestPut(key, me, l)), List.of());
    }

    @Override
    public boolean acquireLeader() {
        String key = keys.leader();
        return client.txn(List.of(absent(key)), List.of(requestPut(key, me, refreshedLease())), List.of());
    }

    @Override
    public void releaseLeader() {
        String key = keys.leader();
        client.txn(List.of(valueEquals(key, me)), List.of(requestDelete(key)), List.of());
    }

    @Override
    public boolean raceInitialize() {
        String key = keys.initialize();
        return client.txn(List.of(absent(key)), List.of(requestPut(key, "", 0)), List.of());
    }

    @Override
    public boolean setInitialize(String systemId) {
        String key = keys.initialize();
        return client.txn(List.of(valueEquals(key, "")), List.of(requestPut(key, systemId, 0)), List.of())
                || client.txn(List.of(absent(key)), List.of(requestPut(key, systemId, 0)), List.of());
    }

    @Override
    public boolean clearInitialize(String expectedValue) {
        String key = keys.initialize();
        return client.txn(List.of(valueEquals(key, expectedValue)), List.of(requestDelete(key)), List.of());
    }

    /**
     * Writes the member key only when its value changed or the lease is new; otherwise just keeps the lease
     * alive. Rewriting an unchanged key would wake every watching agent for nothing.
     */
    @Override
    public void publishMember(String json) {
        long before = lease;
        long l = refreshedLease();
        if (json.equals(lastPublished) && l == before && l == publishedWithLease) {
            return;
        }
        client.put(keys.member(me), json, l);
        lastPublished = json;
        publishedWithLease = l;
    }

    @Override
    public void initializeConfig(String json) {
        writeConfig(json, 0);
    }

    @Override
    public boolean writeConfig(String json, long expectedRevision) {
        return putIfUnchanged(keys.config(), json, expectedRevision);
    }

    @Override
    public boolean writeSync(String json, long expectedRevision) {
        return putIfUnchanged(keys.sync(), json, expectedRevision);
    }

    /** Writes {@code key} only if its mod revision is still {@code expectedRevision} (0: it must be absent). */
    private boolean putIfUnchanged(String key, String json, long expectedRevision) {
        return client.txn(List.of(unchanged(key, expectedRevision)), List.of(requestPut(key, json, 0)), List.of());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode unchanged(String key, long expectedRevision) {
        return expectedRevision == 0 ? absent(key) : modRevisionEquals(key, expectedRevision);
    }

    @Override
    public void writeStatus(String json) {
        if (json.equals(lastStatus)) {
            return;
        }
        client.put(keys.status(), json, 0);
        lastStatus = json;
    }

    @Override
    public void writeFailsafe(String json) {
        client.put(keys.failsafe(), json, 0);
    }

    @Override
    public void writeHistory(String json) {
        client.put(keys.history(), json, 0);
    }

    @Override
    public void writeFailover(String json) {
        client.put(keys.failover(), json, 0);
    }

    @Override
    public void deleteFailover() {
        client.delete(keys.failover());
    }

    @Override
    public Stored readBackupSchedule() {
        List<EtcdClient.KeyValue> kvs = client.get(keys.backupSchedule()).kvs();
        return kvs.isEmpty() ? new Stored(null, 0) : new Stored(kvs.get(0).value(), kvs.get(0).modRevision());
    }

    @Override
    public boolean claimBackupSchedule(String json, long expectedRevision) {
        String key = keys.backupSchedule();
        return client.txn(List.of(valueEquals(keys.leader(), me), unchanged(key, expectedRevision)),
                List.of(requestPut(key, json, 0)), List.of());
    }

    @Override
    public boolean writeRestore(String json, long expectedRevision) {
        return putIfUnchanged(keys.restore(), json, expectedRevision);
    }

    @Override
    public boolean deleteRestore(long expectedRevision) {
        String key = keys.restore();
        return client.txn(List.of(modRevisionEquals(key, expectedRevision)), List.of(requestDelete(key)), List.of());
    }

    @Override
    public void deleteCluster() {
        client.deletePrefix(keys.prefix());
    }

    @Override
    public synchronized void watch(Runnable onChange) {
        if (watcher != null) {
            return;
        }
        watcher = new Thread(() -> watchLoop(onChange), "etcd-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watchLoop(Runnable onChange) {
        while (!closed) {
            try {
                long revision = client.getPrefix(keys.prefix()).revision();
                client.watchPrefix(keys.prefix(), revision + 1, events -> {
                    if (events.stream().anyMatch(this::worthACycle)) {
                        onChange.run();
                    }
                }, () -> closed);
            } catch (PgwardException e) {
                log.debug("watch interrupted: {}", e.getMessage());
            }
            if (!closed) {
                onChange.run();
                sleepQuietly(1000);
            }
        }
    }

    /**
     * Changes that should start a cycle at once: leader, initialize, config, failover and sync, and members joining
     * or leaving. A member updating its status or the leader publishing its WAL position wait for the next regular
     * cycle, or agents would wake each other in turn without end.
     */
    private boolean worthACycle(EtcdClient.WatchEvent e) {
        String relative = e.key().substring(keys.prefix().length());
        if (relative.startsWith(KeyLayout.MEMBERS)) {
            return e.deleted() || e.version() == 1;
        }
        return !relative.equals(KeyLayout.STATUS) && !relative.equals(KeyLayout.HISTORY);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long leaseId() {
        return lease;
    }

    @Override
    public void revokeLease() {
        long l = lease;
        if (l != 0) {
            client.leaseRevoke(l);
            lease = 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    /** For the CLI and tests: the raw client. */
    public EtcdClient client() {
        return client;
    }
}
