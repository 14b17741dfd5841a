package io.flowproof.functions.api;

import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.infra.json.WireJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain values as the Business-Use API serialises them (every key present, timestamps in UTC with micros). */
final class Wire {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final List<String> PARAM_KEYS = List.of("url", "method", "headers", "body", "timeout_ms", "test_run_id",
            "test_suite_run_id", "command", "run_id_extractor");

    private Wire() {}

    static String time(Instant instant) {
        return instant == null ? null : ISO_MICROS.format(instant);
    }

    static Map<String, Object> success(String message, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("message", message);
        body.put("data", null);
        body.put("code", 200);
        body.put("timestamp", time(now));
        return body;
    }

    static Map<String, Object> event(Event event) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("id", event.id());
        map.put("run_id", event.runId());
        map.put("type", event.type().wireName());
        map.put("flow", event.flow());
        map.put("node_id", event.nodeId());
        map.put("data", event.data());
        map.put("ts", event.ts());
        return map;
    }

    static Map<String, Object> node(NodeDefinition node) {
        Map<String, Object> map = new LinkedHashMap<>(20);
        map.put("id", node.id());
        map.put("flow", node.flow());
        map.put("type", node.type().wireName());
        map.put("source", node.source().wireName());
        map.put("status", "active");
        map.put("description", node.description());
        map.put("dep_ids", node.depIds());
        map.put("handler", node.handler());
        map.put("handler_input", handlerInput(node.handlerInput()));
        map.put("filter", WireJson.expr(node.filter()));
        map.put("validator", WireJson.expr(node.validator()));
        map.put("conditions", WireJson.conditions(node.conditions()));
        map.put("additional_meta", node.additionalMeta());
        map.put("created_at", time(node.createdAt()));
        map.put("updated_at", time(node.updatedAt()));
        map.put("deleted_at", time(node.deletedAt()));
        return map;
    }

    /** Every params key present (null when unset), as the original serialises it. */
    private static Map<String, Object> handlerInput(Map<String, Object> stored) {
        if (stored == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("input_schema", stored.get("input_schema"));
        Object params = stored.get("params");
        if (params instanceof Map<?, ?> given) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String key : PARAM_KEYS) {
                all.put(key, given.get(key));
            }
            given.forEach((k, v) -> all.putIfAbsent(String.valueOf(k), v));
            map.put("params", all);
        } else {
            map.put("params", null);
        }
        return map;
    }

    static Map<String, Object> evalOutput(StoredEvalOutput row) {
        Map<String, Object> map = new LinkedHashMap<>(12);
        map.put("id", row.id());
        map.put("flow", row.flow());
        map.put("run_id", row.runId());
        map.put("trigger_ev_id", row.triggerEvId());
        map.put("output", WireJson.evalResult(row.output()));
        map.put("status", "active");
        map.put("created_at", time(row.createdAt()));
        map.put("updated_at", time(row.updatedAt()));
        map.put("deleted_at", time(row.deletedAt()));
        return map;
    }
}
