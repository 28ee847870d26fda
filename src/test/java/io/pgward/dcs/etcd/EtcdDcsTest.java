package io.pgward.dcs.etcd;

import io.pgward.dcs.KeyLayout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The compare-and-swap rules of the etcd DCS, read off the transactions it sends. */
class EtcdDcsTest {

    private static final String A = "http://a:2379";
    private static final String NOT_SUCCEEDED = "{\"header\":{},\"succeeded\":false}";

    private final FakeEtcdTransport etcd = new FakeEtcdTransport();

    private EtcdDcs dcs() {
        EtcdClient client = new EtcdClient(List.of(A), Duration.ofSeconds(3), Duration.ofSeconds(3), null, null, etcd,
                etcd);
        return new EtcdDcs(client, new KeyLayout("/service/demo/"), "n1", 30);
    }

    @Test
    void renewingALeaderKeyThatVanishedNeverRecreatesIt() {
        // An agent paused past its ttl must not come back as leader by re-creating the key: a synchronous standby may
        // be about to take it. Only the decision function may take the key again (AcquireLeader).
        etcd.member(A, r -> switch (r.path()) {
            case "/v3/lease/grant" -> new EtcdTransport.Reply(200, "{\"ID\":\"7\",\"TTL\":\"30\"}");
            case "/v3/lease/keepalive" -> new EtcdTransport.Reply(200, "{\"result\":{\"ID\":\"7\",\"TTL\":\"30\"}}");
            case "/v3/kv/txn" -> new EtcdTransport.Reply(200, NOT_SUCCEEDED);
            default -> throw new IllegalStateException(r.path());
        });
        assertThat(dcs().renewLeader()).isFalse();
        List<String> bodies = etcd.bodies("/v3/kv/txn");
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).contains("\"target\":\"VALUE\"").doesNotContain("\"target\":\"CREATE\"");
    }

    @Test
    void theInitializeKeyIsWrittenOnlyOverAnEmptyClaimOrWhereItIsMissing() {
        etcd.member(A, r -> new EtcdTransport.Reply(200, NOT_SUCCEEDED));
        assertThat(dcs().setInitialize("7300000000000000001")).isFalse();
        List<String> bodies = etcd.bodies("/v3/kv/txn");
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).contains("\"target\":\"VALUE\"").contains("\"value\":\"\"");
        assertThat(bodies.get(1)).contains("\"target\":\"CREATE\"");
        assertThat(etcd.to("/v3/kv/put")).isEmpty();
    }

    private void leaseAnswers(String grantedTtl) {
        etcd.member(A, r -> switch (r.path()) {
            case "/v3/lease/grant" -> new EtcdTransport.Reply(200, "{\"ID\":\"7\",\"TTL\":\"" + grantedTtl + "\"}");
            case "/v3/lease/keepalive" -> new EtcdTransport.Reply(200,
                    "{\"result\":{\"ID\":\"7\",\"TTL\":\"" + grantedTtl + "\"}}");
            case "/v3/kv/txn" -> new EtcdTransport.Reply(200, "{\"header\":{},\"succeeded\":true}");
            default -> throw new IllegalStateException(r.path());
        });
    }

    @Test
    void theLeaseTtlIsTheClustersAfterARestartWithALongerBootstrapTtl() {
        leaseAnswers("20");
        EtcdDcs dcs = new EtcdDcs(new EtcdClient(List.of(A), Duration.ofSeconds(3), Duration.ofSeconds(3), null, null,
                etcd, etcd), new KeyLayout("/service/demo/"), "n1", 60);
        dcs.setTtl(20);    // what the agent does with the first view it reads
        assertThat(dcs.renewLeader()).isTrue();
        assertThat(dcs.leaseTtlSeconds()).isEqualTo(20);
    }

    @Test
    void aLeaseGrantedShorterThanAskedArmsWithWhatEtcdGranted() {
        leaseAnswers("12");
        EtcdDcs dcs = dcs();
        assertThat(dcs.acquireLeader()).isTrue();
        assertThat(dcs.leaseTtlSeconds()).isEqualTo(12);
    }
}
