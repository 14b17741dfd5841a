package io.flowproof.domain.node;

import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.port.NodeStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies a scanner upload ({@code POST /v1/nodes/scan}): every scanned node is created or overwritten
 * (any source) as a {@code scan} node and revived; active scan nodes of each uploaded flow that the
 * upload no longer lists are soft-deleted. All in one transaction.
 */
public final class ScanNodes {

    private final NodeStore nodes;
    private final Clock clock;

    public ScanNodes(NodeStore nodes, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
    }

    public Mono<ScanResult> scan(Map<String, List<ScannedNode>> flows) {
        List<String> flowKeys = List.copyOf(flows.keySet());
        Set<String> touchedFlows = new HashSet<>(flowKeys);
        List<ScannedNode> scanned = new ArrayList<>();
        flows.values().forEach(scanned::addAll);
        for (ScannedNode node : scanned) {
            touchedFlows.add(node.flow());
        }
        return Flux.fromIterable(touchedFlows)
                .concatMap(nodes::activeNodes)
                .collectList()
                .flatMap(existing -> apply(flowKeys, scanned, existing));
    }

    private Mono<ScanResult> apply(List<String> flowKeys, List<ScannedNode> scanned, List<NodeDefinition> activeInFlows) {
        Instant now = clock.instant();
        return Flux.fromIterable(scanned)
                .concatMap(node -> nodes.find(new NodeKey(node.flow(), node.id()))
                        .map(existing -> new Scanned(toNode(node, existing, now), true))
                        .defaultIfEmpty(new Scanned(toNode(node, null, now), false)))
                .collectList()
                .flatMap(results -> {
                    Map<NodeKey, NodeDefinition> saved = new LinkedHashMap<>();
                    int created = 0;
                    int updated = 0;
                    for (Scanned result : results) {
                        if (result.existed || saved.containsKey(result.node.key())) {
                            updated++;
                        } else {
                            created++;
                        }
                        saved.put(result.node.key(), result.node);
                    }
                    Set<String> uploaded = new HashSet<>(flowKeys);
                    List<NodeKey> deleted = new ArrayList<>();
                    for (NodeDefinition node : activeInFlows) {
                        if (node.source() == NodeSource.SCAN && uploaded.contains(node.flow()) && !saved.containsKey(node.key())) {
                            deleted.add(node.key());
                        }
                    }
                    ScanResult answer = new ScanResult(created, updated, deleted.size(), flowKeys);
                    return nodes.saveAll(saved.values(), deleted).thenReturn(answer);
                });
    }

    private static NodeDefinition toNode(ScannedNode node, NodeDefinition existing, Instant now) {
        if (existing == null) {
            return new NodeDefinition(node.flow(), node.id(), node.type(), NodeSource.SCAN, node.description(), node.depIds(),
                    null, null, node.conditions(), null, null, null, now, null, null);
        }
        return new NodeDefinition(node.flow(), node.id(), node.type(), NodeSource.SCAN, node.description(), node.depIds(),
                existing.filter(), existing.validator(), node.conditions(), existing.handler(), existing.handlerInput(),
                existing.additionalMeta(), existing.createdAt(), now, null);
    }

    private record Scanned(NodeDefinition node, boolean existed) {}
}
