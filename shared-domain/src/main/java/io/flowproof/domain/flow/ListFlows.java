package io.flowproof.domain.flow;

import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.port.FlowSettingsStore;
import io.flowproof.domain.port.NodeStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;

/** {@code GET /v1/flows}: every flow that has active nodes or stored settings, by name. */
public final class ListFlows {

    private final NodeStore nodes;
    private final FlowSettingsStore settings;

    public ListFlows(NodeStore nodes, FlowSettingsStore settings) {
        this.nodes = nodes;
        this.settings = settings;
    }

    public Flux<FlowSummary> list() {
        return nodes.allActive().collectList()
                .zipWith(settings.all().collectMap(FlowSettings::flow))
                .flatMapIterable(loaded -> summarise(loaded.getT1(), loaded.getT2()));
    }

    private static List<FlowSummary> summarise(List<NodeDefinition> active, Map<String, FlowSettings> stored) {
        Map<String, int[]> counts = new TreeMap<>();
        for (NodeDefinition node : active) {
            int[] count = counts.computeIfAbsent(node.flow(), flow -> new int[2]);
            count[0]++;
            if (node.type() == NodeType.TRIGGER) {
                count[1]++;
            }
        }
        stored.keySet().forEach(flow -> counts.computeIfAbsent(flow, f -> new int[2]));
        return counts.entrySet().stream()
                .map(entry -> new FlowSummary(entry.getKey(), entry.getValue()[0], entry.getValue()[1], stored.get(entry.getKey())))
                .toList();
    }
}
