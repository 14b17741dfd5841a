package io.flowproof.domain.port;

import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Node definitions, keyed by (flow, id). */
public interface NodeStore {

    /** Active (not deleted) nodes of a flow, in creation order. */
    Flux<NodeDefinition> activeNodes(String flow);

    /** Active nodes of several flows, each in creation order. */
    Mono<Map<String, List<NodeDefinition>>> activeNodes(Collection<String> flows);

    /** Every active node of every flow. */
    Flux<NodeDefinition> allActive();

    /** Every node (deleted ones too) with this id, in any flow. */
    Flux<NodeDefinition> withId(String id);

    /** One node, deleted or not. */
    Mono<NodeDefinition> find(NodeKey key);

    /** Inserts or fully replaces a node (keeps {@code createdAt} of an existing row). */
    Mono<NodeDefinition> save(NodeDefinition node);

    /** Saves several nodes (inserted or fully replaced) and soft-deletes others, in one transaction. */
    Mono<Void> saveAll(Collection<NodeDefinition> nodes, Collection<NodeKey> softDeleted);

    /** Re-keys a node to another flow: removes {@code from} and saves {@code node}, in one transaction. */
    Mono<NodeDefinition> move(NodeKey from, NodeDefinition node);
}
