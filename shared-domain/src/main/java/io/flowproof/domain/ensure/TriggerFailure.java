package io.flowproof.domain.ensure;

/**
 * A trigger attempt that did not produce an output. {@code retryable} failures (5xx, network errors, timeouts,
 * non-zero exit codes) are retried with the run's backoff; the others (4xx, a missing secret, a refused host,
 * disabled command triggers) end the run in {@code error} at once.
 */
public final class TriggerFailure extends RuntimeException {

    private final boolean retryable;

    public TriggerFailure(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
