package io.flowproof.domain.model;

/** A node condition. Only {@code timeout_ms} exists; null or 0 means "no timeout". */
public record Condition(Long timeoutMs) {

    /** Whether the timeout counts (the original treats 0 and null as absent). */
    public boolean hasTimeout() {
        return timeoutMs != null && timeoutMs != 0;
    }
}
