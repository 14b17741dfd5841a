package io.flowproof.domain.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * How a side effect (a trigger attempt) is retried: up to {@code maxAttempts} attempts in total, waiting
 * {@code initial}, then {@code initial * factor}, ... capped at {@code max} between attempts.
 */
public record RetryPolicy(int maxAttempts, Duration initial, double factor, Duration max) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (factor < 1.0) {
            throw new IllegalArgumentException("factor must be at least 1.0");
        }
    }

    public static RetryPolicy backoff(int maxAttempts, Duration initial, double factor, Duration max) {
        return new RetryPolicy(maxAttempts, initial, factor, max);
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        double millis = initial.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    /** Whether another attempt may follow failed attempt number {@code attempt}. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
