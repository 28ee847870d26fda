package io.pgward.cli;

import java.util.List;

/**
 * The JVM flags of an agent, for {@code pgward up}; {@code bin/pgward} and the Debian package's {@code /usr/bin/pgward},
 * made from it, set the same ones (JvmFlagsTest and DebianPackageIT keep them equal).
 * Serial GC with a heap that gives memory back (the agent holds a few snapshots, not data), C1 only (fast start,
 * small code cache), small thread stacks, and reflection kept on native accessors (Jackson would otherwise make
 * the JDK generate a class, with its own class loader, per hot reflective call). Only methods called ten times as
 * often as the JDK's default threshold are compiled: an idle agent runs the same few paths every cycle, and
 * compiling everything it touches once cost about 3 MiB of code and metadata. No performance counters: their
 * sampler woke the JVM 20 times a second (jcmd and jstack still attach; jps and jstat no longer list the agent).
 */
public final class JvmFlags {

    public static final List<String> AGENT = List.of("-Xms8m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:TieredStopAtLevel=1", "-Xss256k",
            "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m", "-Dsun.reflect.inflationThreshold=2147483647",
            "-XX:CompileThresholdScaling=10", "-XX:-UsePerfData");

    /** glibc's malloc arenas: one per thread by default, each holding freed memory; two are plenty for the agent. */
    public static final String MALLOC_ARENA_MAX = "2";

    private JvmFlags() {}
}
