package io.flowproof.domain.evaluation;

import java.util.List;
import java.util.Map;

/**
 * The output of one evaluation ({@code BaseEvalOutput} on the wire). {@code graph} maps each evaluated
 * node to its dep ids; {@code evIds} lists every accepted event, in layer order.
 */
public record EvalResult(
        EvalStatus status,
        long elapsedNs,
        Map<String, List<String>> graph,
        List<NodeExecInfo> execInfo,
        List<String> evIds) {

    /** The output of an ensure run that ended without a real evaluation (timed out, error, cancelled). */
    public static EvalResult terminal(EvalStatus status, long elapsedNs) {
        return new EvalResult(status, elapsedNs, Map.of(), List.of(), List.of());
    }
}
