package io.flowproof.sdk;

import java.time.Duration;

/**
 * A node condition, sent as {@code {"timeout_ms":5000}}: the event must arrive within this time of its latest
 * upstream event, and an {@code assert} (or an {@code act} with conditions) that has not arrived after it fails the run.
 * Nothing in this type throws; a timeout that is not positive makes {@code ensure} drop the event.
 */
public record Condition(long timeoutMs) {

    /** A timeout condition in milliseconds. */
    public static Condition timeoutMs(long timeoutMs) {
        return new Condition(timeoutMs);
    }

    /** A timeout condition; {@code null} or sub-millisecond durations are invalid. */
    public static Condition timeout(Duration timeout) {
        return new Condition(timeout == null ? 0 : saturatedMillis(timeout));
    }

    private static long saturatedMillis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    boolean isUsable() {
        return timeoutMs > 0;
    }
}
