package io.flowproof.infra.json;

import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.NodeExecInfo;
import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where domain values become JSON and back, for the database's jsonb columns and the
 * HTTP API alike. Integers decode as {@code Long} (or {@code BigInteger} beyond 64 bits), decimals as
 * {@code Double}, objects as insertion-ordered maps: the value shapes the expression engines expect.
 */
public final class WireJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private WireJson() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses JSON text into JSON-like Java values. */
    public static Object read(String json) {
        return MAPPER.readValue(json, Object.class);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String json) {
        return json == null ? null : (Map<String, Object>) read(json);
    }

    public static boolean isJson(String text) {
        try {
            read(text);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    // --- expressions and conditions -------------------------------------------------------------

    public static Map<String, Object> expr(Expr expr) {
        if (expr == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("engine", expr.engine().wireName());
        map.put("script", expr.script());
        return map;
    }

    /** Reads a stored expression; {@code null} for null or an unreadable value. */
    public static Expr expr(Object value) {
        if (value instanceof Map<?, ?> map && map.get("script") instanceof String script) {
            Engine engine = Engine.fromWire(String.valueOf(map.get("engine")));
            return engine == null ? null : new Expr(engine, script);
        }
        return null;
    }

    public static List<Map<String, Object>> conditions(List<Condition> conditions) {
        if (conditions == null) {
            return null;
        }
        List<Map<String, Object>> list = new ArrayList<>(conditions.size());
        for (Condition condition : conditions) {
            Map<String, Object> map = new LinkedHashMap<>(2);
            map.put("timeout_ms", condition.timeoutMs());
            list.add(map);
        }
        return list;
    }

    public static List<Condition> conditions(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<Condition> conditions = new ArrayList<>(list.size());
        for (Object item : list) {
            Object timeout = item instanceof Map<?, ?> map ? map.get("timeout_ms") : null;
            conditions.add(new Condition(timeout instanceof Number n ? n.longValue() : null));
        }
        return conditions;
    }

    @SuppressWarnings("unchecked")
    public static List<String> strings(Object value) {
        return value instanceof List<?> list ? (List<String>) list : List.of();
    }

    // --- evaluation output ----------------------------------------------------------------------

    /** {@code BaseEvalOutput}: status, elapsed_ns, graph, exec_info, ev_ids. */
    public static Map<String, Object> evalResult(EvalResult result) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("status", result.status().wireName());
        map.put("elapsed_ns", result.elapsedNs());
        map.put("graph", result.graph());
        List<Map<String, Object>> items = new ArrayList<>(result.execInfo().size());
        for (NodeExecInfo info : result.execInfo()) {
            items.add(execInfo(info));
        }
        map.put("exec_info", items);
        map.put("ev_ids", result.evIds());
        return map;
    }

    /** The last few results written by {@link #evalResultJson}, by identity (see there). */
    private static final int RECENT_JSON = 8;
    private static final EvalResult[] recentResults = new EvalResult[RECENT_JSON];
    private static final String[] recentJson = new String[RECENT_JSON];
    private static int recentNext;

    /**
     * {@link #evalResult(EvalResult)} as JSON text. A run-eval writes the same result twice, into the
     * {@code eval_outputs} row and into the response (300 KB for 1,000 nodes, ~10 % of the request's CPU each);
     * the text of the last few results is kept by object identity, so the second write is a lookup.
     */
    public static String evalResultJson(EvalResult result) {
        synchronized (recentResults) {
            for (int i = 0; i < RECENT_JSON; i++) {
                if (recentResults[i] == result) {
                    return recentJson[i];
                }
            }
        }
        String json = writeEvalResult(result);
        synchronized (recentResults) {
            recentResults[recentNext] = result;
            recentJson[recentNext] = json;
            recentNext = (recentNext + 1) % RECENT_JSON;
        }
        return json;
    }

    /**
     * The same text as {@code write(evalResult(result))}, written field by field: no intermediate maps and no
     * per-value serializer look-ups (a 1,000-node result is ~300 KB).
     */
    public static String writeEvalResult(EvalResult result) {
        java.io.StringWriter out = new java.io.StringWriter(256 + 320 * result.execInfo().size());
        try (tools.jackson.core.JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("status", result.status().wireName());
            json.writeNumberProperty("elapsed_ns", result.elapsedNs());
            json.writeName("graph");
            json.writeStartObject();
            for (Map.Entry<String, List<String>> node : result.graph().entrySet()) {
                json.writeName(node.getKey());
                strings(json, node.getValue());
            }
            json.writeEndObject();
            json.writeName("exec_info");
            json.writeStartArray();
            for (NodeExecInfo info : result.execInfo()) {
                json.writeStartObject();
                json.writeStringProperty("node_id", info.nodeId());
                json.writeName("dep_node_ids");
                strings(json, info.depNodeIds());
                json.writeStringProperty("status", info.status().wireName());
                json.writeStringProperty("message", info.message());
                json.writeStringProperty("error", info.error());
                json.writeNumberProperty("elapsed_ns", info.elapsedNs());
                json.writeName("ev_ids");
                strings(json, info.evIds());
                json.writeName("upstream_ev_ids");
                strings(json, info.upstreamEvIds());
                if (info.detail() != null) {
                    json.writeStringProperty("detail", info.detail());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeName("ev_ids");
            strings(json, result.evIds());
            json.writeEndObject();
        }
        return out.toString();
    }

    private static void strings(tools.jackson.core.JsonGenerator json, List<String> values) {
        if (values == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static Map<String, Object> execInfo(NodeExecInfo info) {
        Map<String, Object> item = new LinkedHashMap<>(12);
        item.put("node_id", info.nodeId());
        item.put("dep_node_ids", info.depNodeIds());
        item.put("status", info.status().wireName());
        item.put("message", info.message());
        item.put("error", info.error());
        item.put("elapsed_ns", info.elapsedNs());
        item.put("ev_ids", info.evIds());
        item.put("upstream_ev_ids", info.upstreamEvIds());
        if (info.detail() != null) {
            item.put("detail", info.detail());
        }
        return item;
    }

    @SuppressWarnings("unchecked")
    public static EvalResult evalResult(Map<String, Object> map) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        if (map.get("graph") instanceof Map<?, ?> g) {
            g.forEach((k, v) -> graph.put(String.valueOf(k), strings(v)));
        }
        List<NodeExecInfo> items = new ArrayList<>();
        if (map.get("exec_info") instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> item = (Map<String, Object>) o;
                items.add(new NodeExecInfo((String) item.get("node_id"), strings(item.get("dep_node_ids")),
                        EvalStatus.fromWire((String) item.get("status")), (String) item.get("message"),
                        (String) item.get("error"), number(item.get("elapsed_ns")), strings(item.get("ev_ids")),
                        strings(item.get("upstream_ev_ids")), (String) item.get("detail")));
            }
        }
        return new EvalResult(EvalStatus.fromWire((String) map.get("status")), number(map.get("elapsed_ns")), graph,
                items, strings(map.get("ev_ids")));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }
}
