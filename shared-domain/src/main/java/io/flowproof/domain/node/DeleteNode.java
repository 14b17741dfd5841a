package io.flowproof.domain.node;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.port.NodeStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** Soft-deletes a manual or scanned node ({@code DELETE /v1/nodes/{id}}); deleting twice is fine. */
public final class DeleteNode {

    private final NodeStore nodes;
    private final Clock clock;

    public DeleteNode(NodeStore nodes, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
    }

    public Mono<NodeDefinition> delete(String id, String flow) {
        return ResolveNode.resolve(nodes, id, flow)
                .flatMap(existing -> existing.source() == NodeSource.CODE
                        ? Mono.error(new DomainException.Rejected("Cannot delete code-defined def"))
                        : softDelete(existing));
    }

    private Mono<NodeDefinition> softDelete(NodeDefinition node) {
        Instant now = clock.instant();
        NodeDefinition deleted = new NodeDefinition(node.flow(), node.id(), node.type(), node.source(), node.description(),
                node.depIds(), node.filter(), node.validator(), node.conditions(), node.handler(), node.handlerInput(),
                node.additionalMeta(), node.createdAt(), now, now);
        return nodes.saveAll(List.of(deleted), List.of()).thenReturn(deleted);
    }
}
