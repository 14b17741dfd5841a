package io.flowproof.domain.node;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.port.NodeStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Applies a partial update to a manual or scanned node ({@code PUT /v1/nodes/{id}}): code-defined nodes
 * are refused, a deleted node is revived, and the source is kept. Giving another {@code flow} moves the
 * node to that flow (409 if the target flow already has that id).
 */
public final class UpdateNode {

    private static final Set<NodeType> SETTABLE = Set.of(NodeType.GENERIC, NodeType.TRIGGER, NodeType.HOOK);

    private final NodeStore nodes;
    private final Expressions expressions;
    private final Clock clock;

    public UpdateNode(NodeStore nodes, Expressions expressions, Clock clock) {
        this.nodes = nodes;
        this.expressions = expressions;
        this.clock = clock;
    }

    public Mono<NodeDefinition> update(String id, String flow, NodePatch patch) {
        return Mono.fromRunnable(() -> validate(patch))
                .then(ResolveNode.resolve(nodes, id, flow))
                .flatMap(existing -> existing.source() == NodeSource.CODE
                        ? Mono.error(new DomainException.Rejected("Cannot update code-defined def"))
                        : apply(existing, patch));
    }

    private void validate(NodePatch patch) {
        if (patch.type().present() && !SETTABLE.contains(patch.type().value())) {
            throw new DomainException.Invalid(List.of("body", "type"), "Input should be 'generic', 'trigger' or 'hook'");
        }
        if (patch.flow().present() && (patch.flow().value() == null || patch.flow().value().isEmpty())) {
            throw new DomainException.Invalid(List.of("body", "flow"), "Input should be a non-empty string");
        }
        NodeExpressions.check(expressions, patch.filter().value(), "filter");
        NodeExpressions.check(expressions, patch.validator().value(), "validator");
    }

    private Mono<NodeDefinition> apply(NodeDefinition existing, NodePatch patch) {
        NodeDefinition updated = new NodeDefinition(
                patch.flow().orElse(existing.flow()), existing.id(),
                patch.type().present() ? patch.type().value() : existing.type(), existing.source(),
                patch.description().orElse(existing.description()), patch.depIds().orElse(existing.depIds()),
                patch.filter().orElse(existing.filter()), patch.validator().orElse(existing.validator()),
                patch.conditions().orElse(existing.conditions()), patch.handler().orElse(existing.handler()),
                patch.handlerInput().orElse(existing.handlerInput()), patch.additionalMeta().orElse(existing.additionalMeta()),
                existing.createdAt(), clock.instant(), null);
        if (updated.flow().equals(existing.flow())) {
            return nodes.save(updated);
        }
        NodeKey target = updated.key();
        return nodes.find(target)
                .flatMap(clash -> Mono.<NodeDefinition>error(new DomainException.Conflict(
                        "Flow '" + target.flow() + "' already has a node '" + target.id() + "'")))
                .switchIfEmpty(nodes.move(existing.key(), updated));
    }
}
