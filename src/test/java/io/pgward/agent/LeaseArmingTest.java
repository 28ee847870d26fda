package io.pgward.agent;

import io.pgward.config.Config;
import io.pgward.config.ConfigLoader;
import io.pgward.dcs.Dcs;
import io.pgward.postgres.OsUser;
import io.pgward.postgres.PostgresNode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hazard 2, "fence and guard armed with a ttl other than the lease's": a leader agent restarted with
 * bootstrap.dcs.ttl 60 in its file while the cluster runs with ttl 20 renews its key on a 20 s lease; before the
 * fix its guard allowed 50 s of writes (60 minus the margin), so a replica promoted after 20 s beside it.
 */
class LeaseArmingTest {

    private static final String YAML = """
            scope: demo
            name: n1
            restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
            etcd3: {hosts: 127.0.0.1:2379}
            bootstrap:
              dcs: {ttl: 60, loop_wait: 10, retry_timeout: 10}
            postgresql:
              listen: 127.0.0.1:5432
              connect_address: 127.0.0.1:5432
              data_dir: /tmp/lease-arming/data
              authentication:
                superuser: {username: postgres, password: a}
                replication: {username: repl, password: b}
            """;

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

    /** A store whose only answer that matters here: the ttl of the lease the leader key lives on. */
    private static Dcs storeWithLeaseTtl(long seconds) {
        return (Dcs) Proxy.newProxyInstance(Dcs.class.getClassLoader(), new Class<?>[]{Dcs.class}, (proxy, method, args) -> {
            if (method.getName().equals("leaseTtlSeconds")) {
                return seconds;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private LeaseGuard guardArmedAfterRestart(long leaseTtl) {
        Config config = ConfigLoader.loadString(YAML, "n1.yml", Map.of()).configOrThrow();
        NodeContext ctx = new NodeContext(config, storeWithLeaseTtl(leaseTtl), new PostgresNode(config, new OsUser("postgres", "postgres", false)));
        LeaseGuard guard = new LeaseGuard(clock::get, () -> { });
        ctx.leaseGuard = guard;
        // Just restarted: no view read yet (lastView null), so the configured ttl would be bootstrap's 60.
        ctx.leaseConfirmed(clock.get());
        return guard;
    }

    private void advanceSeconds(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void fenceArmedWithTheLeaseTtlNotTheBootstrapTtl() {
        try (LeaseGuard guard = guardArmedAfterRestart(20)) {
            advanceSeconds(17);    // 20 s lease minus the 3.3 s margin: past the deadline
            assertThat(guard.expired()).as("guard deadline follows the 20 s lease").isTrue();
        }
    }

    @Test
    void theGuardStillAllowsWritesInsideTheLease() {
        try (LeaseGuard guard = guardArmedAfterRestart(20)) {
            advanceSeconds(15);
            assertThat(guard.expired()).isFalse();
        }
    }
}
