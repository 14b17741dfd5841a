package io.flowproof.domain.model;

import java.util.Objects;

/** Nodes are keyed by flow and id (the original keys them by id alone, which collides across flows). */
public record NodeKey(String flow, String id) {

    public NodeKey {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(id, "id");
    }
}
