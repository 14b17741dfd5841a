package io.flowproof.domain.ensure;

import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How one ensure run behaves, fixed when it starts: the overall deadline ({@code timeout}), how often a waiting
 * run is re-evaluated, and how trigger attempts are retried.
 */
public record EnsureOptions(Duration timeout, Duration pollInterval, RetryPolicy retry) {

    public EnsureOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(retry, "retry");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive");
        }
    }

    /** The flow's settings, with per-run overrides (null = keep the flow's value). */
    public static EnsureOptions of(FlowSettings settings, Long timeoutMs, Long pollIntervalMs) {
        return new EnsureOptions(Duration.ofMillis(timeoutMs != null ? timeoutMs : settings.timeoutOrDefault()),
                Duration.ofMillis(pollIntervalMs != null ? pollIntervalMs : settings.pollIntervalOrDefault()),
                settings.retryOrDefault());
    }
}
