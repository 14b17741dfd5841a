package io.flowproof.domain.node;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.NodeType;
import java.util.List;
import java.util.Map;

/** The keys of a {@code PUT /v1/nodes/{id}} body; only present keys are applied (explicit null sets null). */
public record NodePatch(
        Field<String> flow,
        Field<NodeType> type,
        Field<String> description,
        Field<List<Condition>> conditions,
        Field<List<String>> depIds,
        Field<Expr> filter,
        Field<Expr> validator,
        Field<String> handler,
        Field<Map<String, Object>> handlerInput,
        Field<Map<String, Object>> additionalMeta) {}
