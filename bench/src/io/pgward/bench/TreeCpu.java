package io.pgward.bench;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of one node, read from /proc: its PostgreSQL (the postmaster and every process under it, so
 * archive_command too) and its agent (the agent's JVM and the programs it runs, such as pgBackRest's backup).
 * Each process counts its own time and that of the children it has reaped, so the sum over a tree whose root
 * lives on only grows, and the difference of two readings is what the tree used in between, including
 * processes that started and ended in between.
 */
record TreeCpu(long postgresTicks, long agentTicks) {

    /** Linux reports CPU time in clock ticks of 1/100 s (getconf CLK_TCK) on every platform the bench runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    static TreeCpu read(ProcessHandle postmaster, ProcessHandle agent) {
        Set<Long> seen = new HashSet<>();
        long pg = sum(postmaster, seen);
        long ag = sum(agent, seen);
        return new TreeCpu(pg, ag);
    }

    private static long sum(ProcessHandle root, Set<Long> seen) {
        long ticks = 0;
        for (ProcessHandle h : Stream.concat(Stream.of(root), root.descendants()).toList()) {
            if (!seen.add(h.pid())) {
                continue;
            }
            try {
                ticks += ProcStats.cpuTicks(h.pid());
            } catch (IOException | RuntimeException e) {
                // ended between the listing and the read: its time is with its parent once reaped
            }
        }
        return ticks;
    }

    /** CPU used from {@code earlier} to this reading, in cores (1.0 = one core busy) over {@code seconds}. */
    CpuShare since(TreeCpu earlier, double seconds) {
        return new CpuShare((postgresTicks - earlier.postgresTicks) / TICKS_PER_SECOND / seconds,
                (agentTicks - earlier.agentTicks) / TICKS_PER_SECOND / seconds, seconds);
    }

    /** Average CPU over a window, in cores. */
    record CpuShare(double postgres, double agent, double seconds) {

        double total() {
            return postgres + agent;
        }
    }
}
