package io.flowproof.domain.flow;

import java.util.Objects;

/**
 * Flow-level settings from a YAML flow's {@code ensure:} and {@code schedule:} sections (Flowproof
 * extensions of the Business-Use format). Null fields mean "use the default".
 *
 * @param flow the flow name
 * @param timeoutMs overall deadline of an ensure run (default 30,000 ms, like {@code flow ensure --max-timeout})
 * @param pollIntervalMs how often a waiting run is re-evaluated (default 2,000 ms)
 * @param triggerRetry retry policy of each trigger attempt
 * @param schedule a cron schedule that starts ensure runs, or null
 * @param sourceFile the YAML file the flow came from, for messages (null when defined otherwise)
 */
public record FlowSettings(String flow, Long timeoutMs, Long pollIntervalMs, RetryPolicy triggerRetry, Schedule schedule,
        String sourceFile) {

    public static final long DEFAULT_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_POLL_INTERVAL_MS = 2_000;

    public FlowSettings {
        Objects.requireNonNull(flow, "flow");
    }

    public static FlowSettings defaults(String flow) {
        return new FlowSettings(flow, null, null, null, null, null);
    }

    public long timeoutOrDefault() {
        return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
    }

    public long pollIntervalOrDefault() {
        return pollIntervalMs == null ? DEFAULT_POLL_INTERVAL_MS : pollIntervalMs;
    }

    public RetryPolicy retryOrDefault() {
        return triggerRetry == null ? RetryPolicy.DEFAULT : triggerRetry;
    }
}
