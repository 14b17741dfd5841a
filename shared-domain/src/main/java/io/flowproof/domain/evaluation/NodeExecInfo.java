package io.flowproof.domain.evaluation;

import java.util.List;

/**
 * One node's evaluation ({@code exec_info} item). {@code detail} is a Flowproof addition: why a
 * filter or validator did not pass (syntax error with position, exception, engine missing, limit hit).
 */
public record NodeExecInfo(
        String nodeId,
        List<String> depNodeIds,
        EvalStatus status,
        String message,
        String error,
        long elapsedNs,
        List<String> evIds,
        List<String> upstreamEvIds,
        String detail) {}
