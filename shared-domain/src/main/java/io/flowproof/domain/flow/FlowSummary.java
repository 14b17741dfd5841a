package io.flowproof.domain.flow;

import java.util.Objects;

/**
 * One flow as {@code GET /v1/flows} lists it: how many active nodes (and trigger nodes) it has, and its settings
 * (the defaults when none are stored).
 */
public record FlowSummary(String flow, int nodes, int triggerNodes, FlowSettings settings) {

    public FlowSummary {
        Objects.requireNonNull(flow, "flow");
        settings = settings == null ? FlowSettings.defaults(flow) : settings;
    }
}
