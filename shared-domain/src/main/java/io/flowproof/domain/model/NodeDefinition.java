package io.flowproof.domain.model;

import io.flowproof.domain.expression.Expr;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node of a flow's graph. Keyed by (flow, id). {@code handler} and {@code handlerInput} describe a
 * trigger ({@code http_request} or {@code command}); {@code handlerInput} is kept as the JSON-like map
 * the API serialises ({@code {"input_schema":..., "params":{...}}}).
 */
public record NodeDefinition(
        String flow,
        String id,
        NodeType type,
        NodeSource source,
        String description,
        List<String> depIds,
        Expr filter,
        Expr validator,
        List<Condition> conditions,
        String handler,
        Map<String, Object> handlerInput,
        Map<String, Object> additionalMeta,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {

    public NodeDefinition {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        depIds = depIds == null ? List.of() : List.copyOf(depIds);
    }

    public NodeKey key() {
        return new NodeKey(flow, id);
    }

    /** The conditions, never null (a PUT may store {@code null}; the evaluator treats it as empty). */
    public List<Condition> conditionsOrEmpty() {
        return conditions == null ? List.of() : conditions;
    }

    /** A minimal node for tests and builders. */
    public static NodeDefinition of(String flow, String id, NodeType type, List<String> depIds) {
        return new NodeDefinition(flow, id, type, NodeSource.CODE, null, depIds, null, null, List.of(),
                null, null, null, Instant.EPOCH, null, null);
    }

    public NodeDefinition withFilter(Expr newFilter) {
        return new NodeDefinition(flow, id, type, source, description, depIds, newFilter, validator, conditions,
                handler, handlerInput, additionalMeta, createdAt, updatedAt, deletedAt);
    }

    public NodeDefinition withValidator(Expr newValidator) {
        return new NodeDefinition(flow, id, type, source, description, depIds, filter, newValidator, conditions,
                handler, handlerInput, additionalMeta, createdAt, updatedAt, deletedAt);
    }

    public NodeDefinition withDepIds(List<String> newDepIds) {
        return new NodeDefinition(flow, id, type, source, description, newDepIds, filter, validator, conditions,
                handler, handlerInput, additionalMeta, createdAt, updatedAt, deletedAt);
    }

    public NodeDefinition withConditions(List<Condition> newConditions) {
        return new NodeDefinition(flow, id, type, source, description, depIds, filter, validator, newConditions,
                handler, handlerInput, additionalMeta, createdAt, updatedAt, deletedAt);
    }
}
