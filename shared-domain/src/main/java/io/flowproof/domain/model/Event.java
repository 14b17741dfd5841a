package io.flowproof.domain.model;

import java.util.Map;
import java.util.Objects;

/**
 * One received event. {@code ts} is nanoseconds since the epoch (beyond 2^53, so always a long);
 * {@code data} is a JSON object as a JSON-like Java map (see {@code ExpressionEngine}).
 */
public record Event(String id, String flow, String nodeId, String runId, NodeType type, Map<String, Object> data, long ts) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(type, "type");
        data = data == null ? Map.of() : data;
    }
}
