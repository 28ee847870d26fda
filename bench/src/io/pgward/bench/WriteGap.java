package io.pgward.bench;

import java.util.List;

/** The longest gap between two consecutive acknowledged writes (System.nanoTime() of each). */
record WriteGap(long start, long end) {

    /** Among the gaps that end after t0 and no later than tEnd; (0, 0) when there is none. */
    static WriteGap longestAfter(List<long[]> acks, long t0, long tEnd) {
        long gapStart = 0;
        long gapEnd = 0;
        long prev = Long.MIN_VALUE;
        for (long[] a : acks) {
            if (a[1] > tEnd) {
                break;
            }
            if (prev != Long.MIN_VALUE && a[1] > t0 && a[1] - prev > gapEnd - gapStart) {
                gapStart = prev;
                gapEnd = a[1];
            }
            prev = a[1];
        }
        return new WriteGap(gapStart, gapEnd);
    }

    long nanos() {
        return end - start;
    }
}
