package io.flowproof.functions.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The named schemas of {@code /openapi.json} ({@code #/components/schemas/...}): the JSON the API reads and writes. */
final class ApiSchemas {

    private ApiSchemas() {
    }

    /** A schema from key/value pairs; a {@code null} description is left out. */
    private static Map<String, Object> schema(String description, Object... pairs) {
        Map<String, Object> schema = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            schema.put((String) pairs[i], pairs[i + 1]);
        }
        if (description != null) {
            schema.put("description", description);
        }
        return schema;
    }

    private static Map<String, Object> string(String description) {
        return schema(description, "type", "string");
    }

    private static Map<String, Object> integer(String description) {
        return schema(description, "type", "integer", "format", "int64");
    }

    private static Map<String, Object> nullable(String type, String description) {
        return schema(description, "type", List.of(type, "null"));
    }

    private static Map<String, Object> time(String description) {
        return schema(description, "type", List.of("string", "null"), "format", "date-time");
    }

    private static Map<String, Object> array(Map<String, Object> items) {
        return schema(null, "type", "array", "items", items);
    }

    private static Map<String, Object> enumOf(String description, String... values) {
        return schema(description, "type", "string", "enum", List.of(values));
    }

    private static Map<String, Object> anyObject(String description) {
        return schema(description, "type", "object", "additionalProperties", true);
    }

    /** An object schema: {@code properties} as name, schema, name, schema...; {@code required} names. */
    private static Map<String, Object> object(String description, List<String> required, Object... properties) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            props.put((String) properties[i], properties[i + 1]);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (description != null) {
            schema.put("description", description);
        }
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("properties", props);
        return schema;
    }

    private static final Map<String, Object> EXPR = OpenApiDocument.ref("Expr");
    private static final Map<String, Object> CONDITIONS = array(OpenApiDocument.ref("Condition"));
    private static final String NODE_TYPES = "act, assert, generic, trigger or hook";

    static final Map<String, Object> ALL = build();

    private static Map<String, Object> build() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("Detail", object("Every error that is not a validation error", List.of("detail"), "detail", string("what went wrong")));
        all.put("ValidationError", object("Invalid input (422): one item per bad field", List.of("detail"), "detail", array(object(null,
                List.of("type", "loc", "msg"), "type", string("e.g. missing, int_parsing, literal_error"),
                "loc", Map.of("type", "array", "items", Map.of("type", List.of("string", "integer")),
                        "description", "where: [\"body\", 3, \"ts\"], [\"query\", \"limit\"]"),
                "msg", string("readable message"), "input", Map.of("description", "the offending value")))));
        all.put("Success", object("The Business-Use success envelope", List.of("status", "message"), "status", enumOf("always success", "success"),
                "message", string(null), "data", Map.of("type", "null"), "code", integer("200"), "timestamp", time("UTC, microseconds")));
        all.put("ServiceInfo", object("Service information", List.of(), "name", string(null), "version", string(null), "status", string(null),
                "latency_ms", Map.of("type", "number"), "health", string("path of the liveness check"), "docs", string("this documentation"),
                "openapi", string("this document")));
        all.put("Health", object("Liveness", List.of("status"), "status", enumOf("always ok while the process serves", "ok"),
                "version", string(null)));
        all.put("Expr", object("A filter, validator or run-id extractor", List.of("engine", "script"),
                "engine", enumOf("expression language", "cel", "js", "python"), "script", string("the expression or function body")));
        all.put("Condition", object("A timing condition", List.of(), "timeout_ms", integer("the node's event must come within this many ms "
                + "of its latest upstream event")));
        all.put("Event", object("One act/assert event as the SDKs send it", List.of("flow", "id", "run_id", "type", "data", "ts"),
                "flow", string("flow name"), "id", string("node id"), "run_id", string("the run this event belongs to"),
                "type", enumOf("node type", "act", "assert", "generic", "trigger", "hook"), "data", anyObject("event payload"),
                "ts", integer("event time, nanoseconds since the epoch"), "description", nullable("string", "node description"),
                "dep_ids", array(string("upstream node ids")), "filter", EXPR, "validator", EXPR, "conditions", CONDITIONS,
                "additional_meta", anyObject("stored with the node")));
        all.put("EventBatch", Map.of("type", "array", "items", OpenApiDocument.ref("Event"), "maxItems", 10_000,
                "description", "validated as a whole; committed in one transaction before the 200"));
        all.put("StoredEvent", object("A stored event", List.of(), "id", string(null), "run_id", string(null), "type", string(NODE_TYPES),
                "flow", string(null), "node_id", string(null), "data", anyObject(null), "ts", integer("nanoseconds since the epoch")));
        all.put("ExecInfo", object("One node's evaluation", List.of(), "node_id", string(null), "dep_node_ids", array(string(null)),
                "status", string("passed, failed, running, skipped, ..."), "message", nullable("string", null),
                "error", nullable("string", null), "elapsed_ns", integer(null), "ev_ids", array(string(null)),
                "upstream_ev_ids", array(string(null)), "detail", nullable("string", "why a filter/validator did not pass")));
        all.put("EvalResult", object("An evaluation (contract: evaluation.md)", List.of("status"),
                "status", enumOf("run status", "passed", "failed", "running", "timed_out", "error", "cancelled", "pending", "skipped", "flaky"),
                "elapsed_ns", integer(null), "graph", Map.of("type", "object", "additionalProperties", array(string(null)),
                        "description", "node id -> its dep ids"),
                "exec_info", array(OpenApiDocument.ref("ExecInfo")), "ev_ids", array(string("accepted events, in layer order"))));
        all.put("EvalOutput", object("A stored evaluation", List.of(), "id", string(null), "flow", string(null), "run_id", string(null),
                "trigger_ev_id", nullable("string", null), "output", OpenApiDocument.ref("EvalResult"), "status", enumOf("row status", "active"),
                "created_at", time(null), "updated_at", time(null), "deleted_at", time(null)));
        all.put("RunEvalRequest", object(null, List.of("run_id", "flow"), "run_id", string(null), "flow", string(null),
                "start_node_id", nullable("string", "evaluate only the subgraph below this node")));
        all.put("ReevalSummary", object(null, List.of(), "message", string(null), "total_running", integer(null), "updated", integer(null),
                "still_running", integer(null), "failed", integer(null)));
        all.put("Node", object("A node definition", List.of(), "id", string(null), "flow", string(null), "type", string(NODE_TYPES),
                "source", enumOf("who defined it", "code", "manual", "scan"), "status", enumOf("row status", "active"),
                "description", nullable("string", null), "dep_ids", array(string(null)), "handler", nullable("string", "trigger handler"),
                "handler_input", Map.of("type", List.of("object", "null")), "filter", EXPR, "validator", EXPR, "conditions", CONDITIONS,
                "additional_meta", Map.of("type", List.of("object", "null")), "created_at", time(null), "updated_at", time(null),
                "deleted_at", time(null)));
        Object[] nodeFields = {"description", nullable("string", null), "dep_ids", array(string(null)), "filter", EXPR, "validator", EXPR,
                "conditions", CONDITIONS, "handler", enumOf("trigger handler", "http_request", "test_run", "test_suite_run", "command"),
                "handler_input", anyObject("e.g. {\"params\": {\"url\", \"method\", \"body\", \"run_id_extractor\"}}"),
                "additional_meta", anyObject(null)};
        all.put("NewNode", object("A manual node (scripts are syntax-checked)", List.of("flow", "id", "type"), concat(new Object[] {
                "flow", string(null), "id", string(null), "type", enumOf("node type", "generic", "trigger", "hook", "act", "assert")}, nodeFields)));
        all.put("NodePatch", object("Fields to change; absent fields stay", List.of(), concat(new Object[] {
                "flow", string("move the node to another flow"), "type", string(NODE_TYPES)}, nodeFields)));
        all.put("ScanUpload", object("A scanner upload", List.of("scanned_at", "files_scanned"), "scanned_at", string(null),
                "files_scanned", integer(null), "flows", Map.of("type", "object", "additionalProperties", array(object(null,
                        List.of("id", "flow", "type"), "id", string(null), "flow", string(null), "type", enumOf(null, "act", "assert"),
                        "description", nullable("string", null), "dep_ids", array(string(null)), "conditions", CONDITIONS)))));
        all.put("ScanResult", object(null, List.of(), "created", integer(null), "updated", integer(null), "deleted", integer(null),
                "flows", Map.of("description", "per-flow counts")));
        all.put("EnsureStart", object("Start an ensure run", List.of("flow"), "flow", string(null),
                "idempotency_key", nullable("string", "the same key returns the existing run (200) instead of starting another"),
                "timeout_ms", integer("overrides the flow's ensure timeout"), "poll_interval_ms", integer("overrides the flow's poll interval")));
        all.put("EnsureRun", object("An ensure run (docs/ensure.md)", List.of(), "id", string(null), "flow", string(null),
                "state", enumOf("where the run is", "pending", "triggering", "waiting", "passed", "failed", "timed_out", "cancelled", "error"),
                "status", nullable("string", "the latest evaluation's status"), "origin", string("api, schedule, ..."),
                "idempotency_key", nullable("string", null), "run_id", nullable("string", "extracted from the trigger's output"),
                "trigger_ev_id", nullable("string", null), "error", nullable("string", null), "triggers", array(string("trigger node ids")),
                "current_step", nullable("string", null), "attempt", integer(null), "evaluations", integer(null),
                "options", anyObject("timeout_ms, poll_interval_ms, retry {max_attempts, initial_ms, factor, max_ms}"),
                "deadline", time(null), "wake_at", time(null), "lease_until", time(null), "created_at", time(null),
                "updated_at", time(null), "finished_at", time(null)));
        all.put("EnsureStep", object("One persisted step attempt", List.of(), "step_id", string(null), "attempt", integer(null),
                "status", string(null), "input", Map.of("description", "redacted: secrets stay placeholders"), "output", Map.of(),
                "error", nullable("string", null), "started_at", time(null), "finished_at", time(null)));
        all.put("EnsureRunDetail", Map.of("allOf", List.of(OpenApiDocument.ref("EnsureRun"), object(null, List.of(),
                "outputs", anyObject("trigger outputs by node"), "steps", array(OpenApiDocument.ref("EnsureStep")),
                "evaluation", Map.of("oneOf", List.of(OpenApiDocument.ref("EvalResult"), Map.of("type", "null")))))));
        all.put("FlowSummary", object("A flow", List.of(), "flow", string(null), "nodes", integer(null), "trigger_nodes", integer(null),
                "source_file", nullable("string", null), "ensure", anyObject("timeout_ms, poll_interval_ms, retries"),
                "schedule", Map.of("type", List.of("object", "null"), "description", "cron, timezone")));
        all.put("Problem", object(null, List.of(), "file", string(null), "line", Map.of("type", List.of("integer", "null")), "reason", string(null)));
        all.put("SyncReport", object(null, List.of(), "files", integer(null), "flows", Map.of(), "nodes", integer(null),
                "problems", array(OpenApiDocument.ref("Problem"))));
        all.put("FlowValidation", object(null, List.of(), "valid", Map.of("type", "boolean"), "flow", nullable("string", null),
                "nodes", integer(null), "problems", array(OpenApiDocument.ref("Problem"))));
        for (String item : List.of("StoredEvent", "EvalOutput", "Node", "EnsureRun", "FlowSummary")) {
            all.put(item + "List", array(OpenApiDocument.ref(item)));
        }
        all.put("Html", Map.of("type", "string", "description", "an HTML page"));
        all.put("Asset", Map.of("type", "string", "description", "a static file"));
        all.put("OpenApi", Map.of("type", "object", "description", "this document"));
        return java.util.Collections.unmodifiableMap(all);
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = new Object[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
