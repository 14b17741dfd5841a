package io.flowproof.domain.node;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.port.NodeStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Creates a {@code manual} node ({@code POST /v1/nodes}). Only generic, trigger and hook nodes can be
 * created by hand. An active node with the same flow and id is a 400; a deleted one is re-created
 * (the original refuses that; the contract recommends allowing it). Filters and validators are stored
 * (the original dropped them) after a syntax check.
 */
public final class CreateNode {

    private static final Set<NodeType> CREATABLE = Set.of(NodeType.GENERIC, NodeType.TRIGGER, NodeType.HOOK);

    private final NodeStore nodes;
    private final Expressions expressions;
    private final Clock clock;

    public CreateNode(NodeStore nodes, Expressions expressions, Clock clock) {
        this.nodes = nodes;
        this.expressions = expressions;
        this.clock = clock;
    }

    public Mono<NodeDefinition> create(NodeDefinition requested) {
        return Mono.fromRunnable(() -> validate(requested))
                .then(nodes.find(requested.key()))
                .flatMap(existing -> existing.deletedAt() == null
                        ? Mono.<NodeDefinition>error(new DomainException.Rejected("Node with the same name and id already exists"))
                        : Mono.just(existing))
                .map(existing -> existing.createdAt())
                .defaultIfEmpty(clock.instant())
                .flatMap(createdAt -> nodes.save(manual(requested, createdAt)));
    }

    private void validate(NodeDefinition requested) {
        if (!CREATABLE.contains(requested.type())) {
            throw new DomainException.Invalid(List.of("body", "type"), "Input should be 'generic', 'trigger' or 'hook'");
        }
        NodeExpressions.check(expressions, requested.filter(), "filter");
        NodeExpressions.check(expressions, requested.validator(), "validator");
    }

    private NodeDefinition manual(NodeDefinition requested, Instant createdAt) {
        return new NodeDefinition(requested.flow(), requested.id(), requested.type(), NodeSource.MANUAL,
                requested.description(), requested.depIds(), requested.filter(), requested.validator(),
                requested.conditions() == null ? List.of() : requested.conditions(), requested.handler(),
                requested.handlerInput(), requested.additionalMeta(), createdAt, null, null);
    }
}
