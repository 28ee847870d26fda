package io.pgward.cli;

import java.util.List;

/**
 * The JVM flags of an agent, for {@code pgward up}; {@code bin/pgward} and the Debian package's {@code /usr/bin/pgward},
 * made from it, set the same ones (JvmFlagsTest and DebianPackageIT keep them equal).
 * Serial GC with a heap that gives memory back (the agent holds a few snapshots, not data), C1 only (fast start,
 * small code cache), small thread stacks, and reflection kept on native accessors (Jackson would otherwise make
 * the JDK generate a class, with its own class loader, per hot reflective call).
 */
public final class JvmFlags {

    public static final List<String> AGENT = List.of("-Xms8m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:TieredStopAtLevel=1", "-Xss256k",
            "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m", "-Dsun.reflect.inflationThreshold=2147483647");

    /** glibc's malloc arenas: one per thread by default, each holding freed memory; two are plenty for the agent. */
    public static final String MALLOC_ARENA_MAX = "2";

    private JvmFlags() {}
}
