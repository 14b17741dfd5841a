package io.flowproof.domain.model;

import java.util.Objects;

/** One run of one flow: the unit of evaluation. */
public record RunRef(String runId, String flow) {

    public RunRef {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flow, "flow");
    }

    @Override
    public String toString() {
        return "run_id=" + runId + ", flow=" + flow;
    }
}
