package io.pgward.sim;

import java.util.List;
import java.util.Random;

/**
 * Faults drawn from the seed: every few seconds one of agent freeze, agent kill and restart, postmaster crash, both
 * killed, a node cut from etcd, two nodes cut from each other, a node isolated from everything, etcd losing its
 * majority, an operator's switchover. Each fault that lasts heals itself (at the latest when the faults stop).
 */
final class Faults {

    private final Simulation sim;
    private final Random random;
    private long injected;

    Faults(Simulation sim) {
        this.sim = sim;
        this.random = sim.random;
    }

    long injected() {
        return injected;
    }

    void scheduleRandom(long from, long until) {
        sim.clock.at(from + random.nextInt(20_000), () -> inject(until));
    }

    private void inject(long until) {
        long now = sim.clock.now();
        if (now >= until) {
            return;
        }
        injected++;
        String node = pick(Simulation.NODES);
        long duration = 1000 + random.nextInt(40_000);
        long heal = Math.min(now + duration, until);
        switch (random.nextInt(10)) {
            case 0, 1 -> {
                SimAgent a = sim.agent(node);
                if (a.life == SimAgent.Life.RUNNING) {
                    a.freeze();
                    sim.clock.at(heal, a::thaw);
                }
            }
            case 2 -> {
                SimAgent a = sim.agent(node);
                if (a.life != SimAgent.Life.DEAD) {
                    a.kill();
                    sim.clock.at(heal, a::restart);
                }
            }
            case 3 -> {
                sim.trace.add(node, "postmaster crashed (SIGKILL)");
                sim.servers.stopPostgres(node, false, "crash");
            }
            case 4 -> {
                SimAgent a = sim.agent(node);
                if (a.life != SimAgent.Life.DEAD) {
                    sim.trace.add(node, "postmaster crashed (SIGKILL), together with the agent");
                    sim.servers.stopPostgres(node, false, "crash");
                    a.kill();
                    sim.clock.at(heal, a::restart);
                }
            }
            case 5 -> {
                sim.trace.add(node, "cut from etcd for " + duration / 1000 + " s");
                sim.net.cutFromEtcd(node, true);
                sim.clock.at(heal, () -> {
                    sim.net.cutFromEtcd(node, false);
                    sim.trace.add(node, "reaches etcd again");
                });
            }
            case 6 -> {
                String other = pick(Simulation.NODES.stream().filter(n -> !n.equals(node)).toList());
                sim.trace.add(node, "cut from " + other + " for " + duration / 1000 + " s");
                sim.net.cut(node, other, true);
                sim.clock.at(heal, () -> {
                    sim.net.cut(node, other, false);
                    sim.trace.add(node, "reaches " + other + " again");
                });
            }
            case 7 -> {
                sim.trace.add(node, "isolated from etcd and every node for " + duration / 1000 + " s");
                isolate(node, true);
                sim.clock.at(heal, () -> {
                    isolate(node, false);
                    sim.trace.add(node, "isolation healed");
                });
            }
            case 8 -> {
                long lost = Math.min(heal, now + 1000 + random.nextInt(20_000));
                sim.trace.add("etcd", "two of three members down: no majority for " + (lost - now) / 1000 + " s");
                sim.etcd.setMembersUp(1);
                sim.clock.at(lost, () -> {
                    sim.etcd.setMembersUp(3);
                    sim.trace.add("etcd", "members back: majority again");
                });
            }
            default -> sim.switchover(random.nextBoolean() ? null : node);
        }
        sim.clock.after(2000 + random.nextInt(25_000), () -> inject(until));
    }

    private void isolate(String node, boolean cut) {
        sim.net.cutFromEtcd(node, cut);
        for (String other : Simulation.NODES) {
            if (!other.equals(node)) {
                sim.net.cut(node, other, cut);
            }
        }
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
