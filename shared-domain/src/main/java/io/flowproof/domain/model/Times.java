package io.flowproof.domain.model;

import java.time.Clock;
import java.time.Instant;

/** Conversions between {@link Instant} and the nanosecond timestamps events carry. */
public final class Times {

    private Times() {}

    public static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    public static long nowNanos(Clock clock) {
        return epochNanos(clock.instant());
    }
}
