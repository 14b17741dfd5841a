package io.flowproof.domain.flow;

import io.flowproof.domain.model.NodeDefinition;
import java.util.List;
import java.util.Objects;

/**
 * A flow as declared in one YAML file: its nodes (source {@code code}; trigger nodes carry their handler
 * and {@code handler_input.params}) and its flow-level settings.
 */
public record FlowDefinition(String flow, List<NodeDefinition> nodes, FlowSettings settings) {

    public FlowDefinition {
        Objects.requireNonNull(flow, "flow");
        nodes = List.copyOf(nodes);
        settings = settings == null ? FlowSettings.defaults(flow) : settings;
    }
}
