package io.flowproof.bench;

import java.util.Arrays;

/** Percentiles of latencies measured in nanoseconds (nearest-rank). */
record Stats(long[] sortedNanos) {

    static Stats of(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new Stats(copy);
    }

    /** The {@code p}-th percentile in milliseconds (nearest rank: the smallest value with p % at or below it). */
    double millis(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    double p50() {
        return millis(50);
    }

    double p95() {
        return millis(95);
    }

    double p99() {
        return millis(99);
    }
}
