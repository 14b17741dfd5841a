package io.flowproof.domain.ingest;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.NodeType;
import java.util.List;
import java.util.Map;

/**
 * One validated item of an events batch: an event plus the node definition the SDK sent with it.
 * {@code depIds} and {@code conditions} are never null (absent means empty).
 */
public record IngestItem(
        String flow,
        String nodeId,
        String runId,
        NodeType type,
        Map<String, Object> data,
        long ts,
        String description,
        List<String> depIds,
        Expr filter,
        Expr validator,
        List<Condition> conditions,
        Map<String, Object> additionalMeta) {

    public IngestItem {
        depIds = depIds == null ? List.of() : depIds;
        conditions = conditions == null ? List.of() : conditions;
        data = data == null ? Map.of() : data;
    }

    /** A minimal act/assert item, for tests and the SDKs' simplest calls. */
    public static IngestItem of(String flow, String nodeId, String runId, NodeType type, Map<String, Object> data, long ts) {
        return new IngestItem(flow, nodeId, runId, type, data, ts, null, List.of(), null, null, List.of(), null);
    }
}
