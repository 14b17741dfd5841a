package io.flowproof.domain.model;

import io.flowproof.domain.evaluation.EvalResult;
import java.time.Instant;

/** A persisted evaluation ({@code EvalOutput} row on the wire). */
public record StoredEvalOutput(
        String id, String flow, String runId, String triggerEvId, EvalResult output,
        Instant createdAt, Instant updatedAt, Instant deletedAt) {}
