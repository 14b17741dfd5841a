package io.flowproof.domain.evaluation;

import io.flowproof.domain.model.NodeDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flow's DAG, built from the nodes' {@code dep_ids}, layered with Kahn's algorithm.
 *
 * <p>Vertices are the nodes in the order given (the store returns creation order) followed by "ghost"
 * dep ids that have no definition; ghosts take part in layering but are never evaluated. Inside a
 * layer the order is deterministic: vertex order for layer 0, discovery order after that.
 */
public final class FlowGraph {

    private final Map<String, NodeDefinition> nodes;
    private final List<List<String>> layers;

    private FlowGraph(Map<String, NodeDefinition> nodes, List<List<String>> layers) {
        this.nodes = nodes;
        this.layers = layers;
    }

    /**
     * Builds and layers the graph; with a start node, keeps only it and everything downstream, and
     * clears the start node's deps and filter.
     *
     * @throws EvaluationException for an unknown start node or a cycle
     */
    public static FlowGraph of(List<NodeDefinition> definitions, String startNodeId) {
        Map<String, NodeDefinition> nodes = new LinkedHashMap<>();
        for (NodeDefinition node : definitions) {
            nodes.put(node.id(), node);
        }
        Map<String, List<String>> dependents = adjacency(nodes);
        if (startNodeId != null) {
            if (!dependents.containsKey(startNodeId)) {
                throw EvaluationException.unknownStartNode(startNodeId);
            }
            Set<String> kept = downstream(dependents, startNodeId);
            Map<String, NodeDefinition> sub = new LinkedHashMap<>();
            for (String id : dependents.keySet()) {
                if (kept.contains(id) && nodes.containsKey(id)) {
                    NodeDefinition node = nodes.get(id);
                    sub.put(id, id.equals(startNodeId) ? node.withDepIds(List.of()).withFilter(null) : node);
                }
            }
            Map<String, List<String>> subDependents = new LinkedHashMap<>();
            for (String id : dependents.keySet()) {
                if (kept.contains(id)) {
                    List<String> inside = new ArrayList<>();
                    for (String dependent : dependents.get(id)) {
                        if (kept.contains(dependent) && !dependent.equals(startNodeId)) {
                            inside.add(dependent);
                        }
                    }
                    subDependents.put(id, inside);
                }
            }
            return new FlowGraph(sub, layer(subDependents));
        }
        return new FlowGraph(nodes, layer(dependents));
    }

    /** Layers of vertex ids (ghosts included), in evaluation order. */
    public List<List<String>> layers() {
        return layers;
    }

    /** The definition of a vertex, or {@code null} for a ghost. */
    public NodeDefinition node(String id) {
        return nodes.get(id);
    }

    private static Map<String, List<String>> adjacency(Map<String, NodeDefinition> nodes) {
        Map<String, List<String>> dependents = new LinkedHashMap<>();
        for (String id : nodes.keySet()) {
            dependents.put(id, new ArrayList<>());
        }
        for (NodeDefinition node : nodes.values()) {
            for (String dep : node.depIds()) {
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(node.id());
            }
        }
        return dependents;
    }

    private static Set<String> downstream(Map<String, List<String>> dependents, String start) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(start);
        while (!queue.isEmpty()) {
            for (String next : dependents.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }

    private static List<List<String>> layer(Map<String, List<String>> dependents) {
        Map<String, Integer> inDegree = new HashMap<>();
        for (String id : dependents.keySet()) {
            inDegree.putIfAbsent(id, 0);
            for (String dependent : dependents.get(id)) {
                inDegree.merge(dependent, 1, Integer::sum);
            }
        }
        List<List<String>> layers = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String id : dependents.keySet()) {
            if (inDegree.get(id) == 0) {
                current.add(id);
            }
        }
        int placed = 0;
        while (!current.isEmpty()) {
            layers.add(current);
            placed += current.size();
            List<String> next = new ArrayList<>();
            for (String id : current) {
                for (String dependent : dependents.get(id)) {
                    if (inDegree.merge(dependent, -1, Integer::sum) == 0) {
                        next.add(dependent);
                    }
                }
            }
            current = next;
        }
        if (placed != dependents.size()) {
            throw EvaluationException.cycle();
        }
        return layers;
    }
}
