package io.flowproof.cli;

import tools.jackson.databind.JsonNode;

/**
 * How one flow's ensure run ended, as the CLI saw it.
 *
 * @param status     the run's final state ({@code passed}, {@code failed}, {@code timed_out}, {@code cancelled},
 *                   {@code error})
 * @param evaluation the run's latest evaluation (contract shape), or null
 * @param wallMs     wall time from starting the run to seeing it finished
 */
record FlowOutcome(String flow, String status, String ensureRunId, String runId, String error, JsonNode evaluation, long wallMs) {

    boolean passed() {
        return "passed".equals(status);
    }

    static FlowOutcome error(String flow, String message, long wallMs) {
        return new FlowOutcome(flow, "error", null, null, message, null, wallMs);
    }
}
