package io.flowproof.domain.ensure;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trigger nodes of a flow in the order they fire. Flowproof allows several trigger nodes (the original:
 * exactly one): a trigger may depend on earlier triggers only, and fires after them, so it can use their
 * outputs ({@code ${steps.<node>.output.<path>}}). Ties keep node creation order. The run id comes from the
 * last trigger's {@code run_id_extractor}, which is therefore required.
 */
public final class TriggerPlan {

    private TriggerPlan() {}

    /**
     * @param nodes the flow's active nodes, in creation order
     * @throws DomainException.NotFound when the flow has no nodes
     * @throws DomainException.Invalid when its triggers cannot be run
     */
    public static List<TriggerSpec> of(String flow, List<NodeDefinition> nodes) {
        if (nodes.isEmpty()) {
            throw new DomainException.NotFound("Flow '" + flow + "' not found: it has no active nodes");
        }
        Map<String, NodeDefinition> triggers = new LinkedHashMap<>();
        for (NodeDefinition node : nodes) {
            if (node.type() == NodeType.TRIGGER) {
                triggers.put(node.id(), node);
            }
        }
        if (triggers.isEmpty()) {
            throw invalid("Flow '" + flow + "' has no trigger nodes");
        }
        List<TriggerSpec> ordered = new ArrayList<>(triggers.size());
        try {
            for (NodeDefinition node : order(flow, triggers)) {
                ordered.add(TriggerSpec.of(node));
            }
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        TriggerSpec last = ordered.get(ordered.size() - 1);
        if (last.runIdExtractor() == null) {
            throw invalid("Trigger node '" + last.nodeId() + "' has no params.run_id_extractor"
                    + (ordered.size() > 1 ? " (the run id comes from the last trigger)" : ""));
        }
        return ordered;
    }

    /** Kahn's algorithm over the trigger-to-trigger edges; ready nodes in creation order. */
    private static List<NodeDefinition> order(String flow, Map<String, NodeDefinition> triggers) {
        for (NodeDefinition node : triggers.values()) {
            for (String dep : node.depIds()) {
                if (!triggers.containsKey(dep)) {
                    throw new IllegalArgumentException("Trigger node '" + node.id() + "' depends on '" + dep
                            + "', which is not a trigger node of flow '" + flow + "'");
                }
            }
        }
        List<NodeDefinition> ordered = new ArrayList<>(triggers.size());
        Set<String> done = new LinkedHashSet<>();
        while (ordered.size() < triggers.size()) {
            NodeDefinition ready = null;
            for (NodeDefinition node : triggers.values()) {
                if (!done.contains(node.id()) && done.containsAll(node.depIds())) {
                    ready = node;
                    break;
                }
            }
            if (ready == null) {
                throw new IllegalArgumentException("The trigger nodes of flow '" + flow + "' depend on each other in a cycle");
            }
            done.add(ready.id());
            ordered.add(ready);
        }
        return ordered;
    }

    private static DomainException.Invalid invalid(String message) {
        return new DomainException.Invalid(List.of("body", "flow"), message);
    }
}
