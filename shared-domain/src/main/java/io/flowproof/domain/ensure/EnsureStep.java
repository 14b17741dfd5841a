package io.flowproof.domain.ensure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One persisted step attempt of an ensure run: a trigger attempt ({@code stepId} = the trigger node id) or one
 * evaluation ({@code stepId} = {@value #EVALUATE}). {@code input} never holds secret or environment values:
 * their {@code ${...}} placeholders are kept. An attempt with no {@code finishedAt} was started and never
 * finished (its poller died, or it is running now).
 */
public record EnsureStep(String ensureRunId, String stepId, int attempt, Map<String, Object> input, Object output,
        String error, Instant startedAt, Instant finishedAt) {

    public static final String EVALUATE = "evaluate";

    public EnsureStep {
        Objects.requireNonNull(ensureRunId, "ensureRunId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** The idempotency key every side effect of this step carries: {@code ensureRunId:stepId}. */
    public static String idempotencyKey(String ensureRunId, String stepId) {
        return ensureRunId + ":" + stepId;
    }

    /** {@code ok}, {@code failed} or {@code running} (started, not finished). */
    public String status() {
        if (finishedAt == null) {
            return "running";
        }
        return error == null ? "ok" : "failed";
    }

    public Duration duration() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    EnsureStep finished(Object newOutput, String newError, Instant at) {
        return new EnsureStep(ensureRunId, stepId, attempt, input, newOutput, newError, startedAt, at);
    }
}
