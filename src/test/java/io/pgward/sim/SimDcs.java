package io.pgward.sim;

import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.ClusterView;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One agent's view of etcd, modelling {@code EtcdDcs} call for call: the same lease handling (grant when etcd forgot
 * it), the same transactions (create-if-absent for the leader key, value compare for renew and release, revision
 * compare for {@code sync}), the member key rewritten only when it changed. The cluster view is parsed by pgward's
 * own {@link WireFormat}. Every call throws {@link SimEtcd.Unavailable} when etcd cannot be reached; it fails at once
 * (the real client spends its budget first: {@link SimAgent} charges it to the read of each cycle).
 */
final class SimDcs {

    private final SimEtcd etcd;
    private final String me;
    private long ttlSeconds;
    private long lease;
    private long myLeaderLease;
    private String lastPublished;
    private long publishedWithLease;
    private String lastStatus;
    private long viewRevision = -1;
    private ClusterView view;

    SimDcs(SimEtcd etcd, String me, long ttlSeconds) {
        this.etcd = etcd;
        this.me = me;
        this.ttlSeconds = ttlSeconds;
    }

    ClusterView read() {
        Map<String, SimEtcd.Entry> entries = etcd.range(me);
        SimEtcd.Entry leader = entries.get(KeyLayout.LEADER);
        myLeaderLease = leader != null && leader.value().equals(me) ? leader.lease() : 0;
        if (etcd.revision() != viewRevision) {
            Map<String, String> values = new LinkedHashMap<>();
            entries.forEach((k, e) -> values.put(k, e.value()));
            view = WireFormat.clusterView(values, revision(entries, KeyLayout.CONFIG), revision(entries, KeyLayout.SYNC));
            viewRevision = etcd.revision();
        }
        return view;
    }

    private static long revision(Map<String, SimEtcd.Entry> entries, String key) {
        SimEtcd.Entry e = entries.get(key);
        return e == null ? 0 : e.modRevision();
    }

    void setTtl(long seconds) {
        if (seconds != ttlSeconds) {
            ttlSeconds = seconds;
            lease = 0;
        }
    }

    long ttlSeconds() {
        return ttlSeconds;
    }

    long leaseId() {
        return lease;
    }

    private long refreshedLease() {
        if (lease == 0) {
            lease = etcd.leaseGrant(me, ttlSeconds);
        }
        if (etcd.keepAlive(me, lease) <= 0) {
            lease = etcd.leaseGrant(me, ttlSeconds);
            etcd.keepAlive(me, lease);
        }
        return lease;
    }

    boolean renewLeader() {
        long before = lease;
        long l = refreshedLease();
        if (l == before && l != 0 && myLeaderLease == l) {
            return true;
        }
        return etcd.putIfValue(me, KeyLayout.LEADER, me, me, l);
    }

    boolean acquireLeader() {
        return etcd.putIfAbsent(me, KeyLayout.LEADER, me, refreshedLease());
    }

    void releaseLeader() {
        etcd.deleteIfValue(me, KeyLayout.LEADER, me);
    }

    void publishMember(String json) {
        long before = lease;
        long l = refreshedLease();
        if (json.equals(lastPublished) && l == before && l == publishedWithLease) {
            return;
        }
        etcd.put(me, KeyLayout.MEMBERS + me, json, l);
        lastPublished = json;
        publishedWithLease = l;
    }

    boolean writeSync(String json, long expectedRevision) {
        return etcd.putIfRevision(me, KeyLayout.SYNC, json, expectedRevision);
    }

    long syncRevision() {
        return revision(etcd.range(me), KeyLayout.SYNC);
    }

    void writeStatus(String json) {
        if (json.equals(lastStatus)) {
            return;
        }
        etcd.put(me, KeyLayout.STATUS, json, 0);
        lastStatus = json;
    }

    void writeHistory(String json) {
        etcd.put(me, KeyLayout.HISTORY, json, 0);
    }

    void deleteFailover() {
        etcd.delete(me, KeyLayout.FAILOVER);
    }

    void writeInitialize(String systemId) {
        if (!etcd.putIfValue(me, KeyLayout.INITIALIZE, "", systemId, 0)) {
            etcd.putIfAbsent(me, KeyLayout.INITIALIZE, systemId, 0);
        }
    }

    void clearInitialize(String expected) {
        etcd.deleteIfValue(me, KeyLayout.INITIALIZE, expected);
    }
}
