package io.flowproof.domain.node;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import io.flowproof.domain.port.NodeStore;
import java.util.List;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Finds the node an id-only endpoint means: with {@code flow}, exactly that node; without, the only node
 * with that id, or a 409 naming the flows when the id exists in several.
 */
final class ResolveNode {

    private ResolveNode() {}

    static Mono<NodeDefinition> resolve(NodeStore nodes, String id, String flow) {
        if (flow != null) {
            return nodes.find(new NodeKey(flow, id)).switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Node not found")));
        }
        return nodes.withId(id).collectList().flatMap(found -> pick(found, id));
    }

    private static Mono<NodeDefinition> pick(List<NodeDefinition> found, String id) {
        if (found.isEmpty()) {
            return Mono.error(new DomainException.NotFound("Node not found"));
        }
        if (found.size() > 1) {
            String flows = found.stream().map(NodeDefinition::flow).sorted().collect(Collectors.joining(", "));
            return Mono.error(new DomainException.Conflict(
                    "Node id '" + id + "' exists in several flows (" + flows + "); add ?flow=<flow> to choose one"));
        }
        return Mono.just(found.get(0));
    }
}
