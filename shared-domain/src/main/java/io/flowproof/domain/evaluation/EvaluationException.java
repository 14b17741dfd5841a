package io.flowproof.domain.evaluation;

/** A run that cannot be evaluated at all. The message is the contract's exact text. */
public final class EvaluationException extends RuntimeException {

    /** Why evaluation was impossible; the HTTP layer maps each to a status code. */
    public enum Reason { NO_EVENTS, NO_NODES, CYCLE, UNKNOWN_START_NODE }

    private final Reason reason;

    public EvaluationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static EvaluationException noEvents(String runId, String flow) {
        return new EvaluationException(Reason.NO_EVENTS, "No events found for run_id=" + runId + ", flow=" + flow);
    }

    static EvaluationException noNodes(String flow) {
        return new EvaluationException(Reason.NO_NODES, "No node definitions found for flow=" + flow);
    }

    static EvaluationException cycle() {
        return new EvaluationException(Reason.CYCLE, "Graph has a cycle");
    }

    static EvaluationException unknownStartNode(String id) {
        return new EvaluationException(Reason.UNKNOWN_START_NODE, "Node " + id + " not found in graph");
    }
}
