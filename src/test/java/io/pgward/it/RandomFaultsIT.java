package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/**
 * A seed-driven sequence of nemesis steps for soak runs outside CI, reproducible by its seed:
 * {@code scripts/faults.sh --random SEED STEPS [sync]}. Skipped unless {@code pgward.faults.seed} is set.
 */
class RandomFaultsIT extends FaultSuite {

    private static final String SEED = System.getProperty("pgward.faults.seed");

    @Override
    boolean synchronous() {
        return Boolean.getBoolean("pgward.faults.sync");
    }

    @Override
    boolean enabled() {
        return SEED != null;
    }

    @Test
    void randomNemesisSequence() throws Exception {
        long seed = Long.parseLong(SEED);
        int steps = Integer.getInteger("pgward.faults.steps", 20);
        Random random = new Random(seed);
        List<String> names = List.of("kill", "freeze", "cutFromEtcd", "isolate", "isolateReplica", "switchover",
                "killPostmaster");
        for (int step = 1; step <= steps; step++) {
            String nemesis = names.get(random.nextInt(names.size()));
            scenario("seed" + seed + "-step" + step + "-" + nemesis, true, primary -> {
                switch (nemesis) {
                    case "kill" -> killAgentAndPostgres(primary);
                    case "freeze" -> freezeAgent(primary);
                    case "cutFromEtcd" -> cutFromEtcd(primary);
                    case "isolate" -> isolate(primary);
                    case "isolateReplica" -> {
                        lab.isolate((primary + 1 + random.nextInt(2)) % 3);
                        EtcdServer.sleep(TestTime.seconds(10).toMillis());
                    }
                    case "switchover" -> switchover(primary);
                    default -> {
                        cluster.killPostgres(primary);
                        EtcdServer.sleep(TestTime.seconds(5).toMillis());
                    }
                }
            });
        }
    }
}
