package io.flowproof.functions.api;

import static io.flowproof.functions.api.JsonBody.at;

import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.evaluation.ReevaluateRunningFlows;
import io.flowproof.domain.ingest.BatchKey;
import io.flowproof.domain.ingest.IngestEvents;
import io.flowproof.domain.ingest.IngestItem;
import io.flowproof.domain.ingest.IngestReceipt;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.node.CreateNode;
import io.flowproof.domain.node.DeleteNode;
import io.flowproof.domain.node.Field;
import io.flowproof.domain.node.NodePatch;
import io.flowproof.domain.node.ScanNodes;
import io.flowproof.domain.node.ScannedNode;
import io.flowproof.domain.node.UpdateNode;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.infra.json.WireJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The Business-Use-compatible {@code /v1} endpoints: decode the request, call one use case, encode the
 * answer. No business rule lives here.
 */
public final class V1Api implements RouteSet {

    /** Functions in the cloud: {@code ingest} serves what the SDKs call, {@code evaluate} everything else. */
    public static final String INGEST = "ingest";
    public static final String EVALUATE = "evaluate";

    /** Optional request header of {@code POST /v1/events-batch}: store this batch at most once. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Response header of a replayed answer (the batch had been stored before under the same key). */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private static final int MAX_LIMIT = 10_000;

    private final IngestEvents ingestEvents;
    private final Function<IngestReceipt, Mono<Void>> afterIngest;
    private final EvaluateRun evaluateRun;
    private final ReevaluateRunningFlows reevaluate;
    private final CreateNode createNode;
    private final UpdateNode updateNode;
    private final DeleteNode deleteNode;
    private final ScanNodes scanNodes;
    private final EventStore events;
    private final NodeStore nodes;
    private final EvalOutputStore outputs;
    private final Clock clock;
    private final String version;
    private final int maxBatchItems;

    public V1Api(IngestEvents ingestEvents, Function<IngestReceipt, Mono<Void>> afterIngest, EvaluateRun evaluateRun,
            ReevaluateRunningFlows reevaluate, CreateNode createNode, UpdateNode updateNode, DeleteNode deleteNode,
            ScanNodes scanNodes, EventStore events, NodeStore nodes, EvalOutputStore outputs, Clock clock, String version,
            int maxBatchItems) {
        this.ingestEvents = ingestEvents;
        this.afterIngest = afterIngest;
        this.evaluateRun = evaluateRun;
        this.reevaluate = reevaluate;
        this.createNode = createNode;
        this.updateNode = updateNode;
        this.deleteNode = deleteNode;
        this.scanNodes = scanNodes;
        this.events = events;
        this.nodes = nodes;
        this.outputs = outputs;
        this.clock = clock;
        this.version = version;
        this.maxBatchItems = maxBatchItems;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/", INGEST, true, "Service information", (r, v) -> root()),
                new Route("GET", "/health", INGEST, true, "Liveness", (r, v) -> health()),
                new Route("GET", "/v1/status", Route.ANY_FUNCTION, false, "Connection check for the SDKs and the UI", (r, v) -> status()),
                new Route("POST", "/v1/events-batch", INGEST, false, "Ingest a batch of act/assert events", (r, v) -> eventsBatch(r)),
                new Route("GET", "/v1/events", EVALUATE, false, "List events, newest first", (r, v) -> listEvents(r)),
                new Route("POST", "/v1/run-eval", EVALUATE, false, "Evaluate a run and store the result", (r, v) -> runEval(r)),
                new Route("GET", "/v1/eval-outputs", EVALUATE, false, "List stored evaluations, newest first", (r, v) -> listOutputs(r)),
                new Route("POST", "/v1/reeval-running-flows", EVALUATE, false, "Re-evaluate recent running/failed runs", (r, v) -> reeval(r)),
                new Route("GET", "/v1/nodes", EVALUATE, false, "List active nodes of every flow", (r, v) -> listNodes()),
                new Route("POST", "/v1/nodes", EVALUATE, false, "Create a manual node", (r, v) -> createNode(r)),
                new Route("POST", "/v1/nodes/scan", EVALUATE, false, "Apply a scanner upload", (r, v) -> scan(r)),
                new Route("PUT", "/v1/nodes/{id}", EVALUATE, false, "Update a manual or scanned node", (r, v) -> updateNode(r, v.get("id"))),
                new Route("DELETE", "/v1/nodes/{id}", EVALUATE, false, "Soft-delete a manual or scanned node", (r, v) -> deleteNode(r, v.get("id"))));
    }

    // --- public ---------------------------------------------------------------------------------

    private Mono<ApiResponse> root() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "flowproof");
        body.put("version", version);
        body.put("status", "ok");
        body.put("latency_ms", 0.0);
        body.put("health", "/health");
        body.put("docs", "/docs");
        body.put("openapi", "/openapi.json");
        return Mono.just(ApiResponse.json(200, body));
    }

    private Mono<ApiResponse> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("version", version);
        return Mono.just(ApiResponse.json(200, body));
    }

    private Mono<ApiResponse> status() {
        return Mono.just(ApiResponse.json(200, Wire.success("ok", clock.instant())));
    }

    // --- ingest ---------------------------------------------------------------------------------

    /**
     * With an {@code Idempotency-Key} header the batch is stored at most once per key: a repeated request (same
     * key, byte-identical body) gets the first answer again, with {@code Idempotent-Replayed: true}; the same key
     * with another body gets 422. An invalid batch records nothing, so its key stays free.
     */
    private Mono<ApiResponse> eventsBatch(ApiRequest request) {
        return Mono.fromSupplier(() -> decodeBatch(JsonBody.parse(request)))
                .flatMap(batch -> ingestEvents.ingest(batch, batchKey(request)))
                .flatMap(receipt -> receipt.replayed() ? Mono.just(receipt) : afterIngest.apply(receipt).thenReturn(receipt))
                .map(receipt -> {
                    ApiResponse response = ApiResponse.json(200, Wire.success("Ok",
                            receipt.acceptedAt() != null ? receipt.acceptedAt() : clock.instant()));
                    return receipt.replayed() ? response.withHeader(IDEMPOTENT_REPLAYED, "true") : response;
                });
    }

    /** The request's idempotency key with the SHA-256 of its body, or null without the header. */
    private static BatchKey batchKey(ApiRequest request) {
        String key = request.header(IDEMPOTENCY_KEY);
        if (key == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.body());
            return new BatchKey(key, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private List<IngestItem> decodeBatch(Object body) {
        if (!(body instanceof List<?> list)) {
            throw ValidationFailure.of("list_type", List.of("body"), "Input should be a valid list", body instanceof Map<?, ?> ? "<object>" : body);
        }
        if (list.size() > maxBatchItems) {
            throw ValidationFailure.of("too_long", List.of("body"), "List should have at most " + maxBatchItems
                    + " items after validation, not " + list.size(), "<array>");
        }
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        List<IngestItem> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            IngestItem item = decodeItem(list.get(i), List.of("body", i), errors);
            if (item != null) {
                items.add(item);
            }
        }
        errors.throwIfAny();
        return items;
    }

    private static IngestItem decodeItem(Object raw, List<Object> loc, ValidationFailure.Errors errors) {
        Map<String, Object> item = JsonBody.object(raw, loc, errors);
        if (item == null) {
            return null;
        }
        String flow = JsonBody.requiredString(item, "flow", loc, errors);
        String nodeId = JsonBody.requiredString(item, "id", loc, errors);
        String runId = JsonBody.requiredString(item, "run_id", loc, errors);
        NodeType type = JsonBody.required(item, "type", loc, errors, (value, at) -> JsonBody.nodeType(value, at, errors));
        Map<String, Object> data = JsonBody.required(item, "data", loc, errors, (value, at) -> JsonBody.object(value, at, errors));
        Long ts = JsonBody.required(item, "ts", loc, errors, (value, at) -> JsonBody.integer(value, at, errors));
        String description = JsonBody.optionalString(item, "description", loc, errors);
        List<String> depIds = item.get("dep_ids") == null ? List.of() : JsonBody.stringList(item.get("dep_ids"), at(loc, "dep_ids"), errors);
        var filter = JsonBody.expr(item.get("filter"), at(loc, "filter"), errors);
        var validator = JsonBody.expr(item.get("validator"), at(loc, "validator"), errors);
        var conditions = JsonBody.conditions(item.get("conditions"), at(loc, "conditions"), errors);
        Map<String, Object> meta = JsonBody.optionalObject(item, "additional_meta", loc, errors);
        if (flow == null || nodeId == null || runId == null || type == null || data == null || ts == null) {
            return null;
        }
        return new IngestItem(flow, nodeId, runId, type, data, ts, description, depIds, filter, validator, conditions, meta);
    }

    // --- reads and evaluation -------------------------------------------------------------------

    private Mono<ApiResponse> listEvents(ApiRequest request) {
        int limit = limit(request);
        int offset = offset(request);
        return events.list(request.queryParam("flow"), request.queryParam("node_id"), limit, offset)
                .map(Wire::event).collectList()
                .map(list -> ApiResponse.json(200, list));
    }

    private Mono<ApiResponse> listOutputs(ApiRequest request) {
        int limit = limit(request);
        int offset = offset(request);
        return outputs.list(request.queryParams("name"), request.queryParam("ev_id"), limit, offset)
                .map(Wire::evalOutput).collectList()
                .map(list -> ApiResponse.json(200, list));
    }

    private Mono<ApiResponse> runEval(ApiRequest request) {
        return Mono.fromSupplier(() -> {
                    ValidationFailure.Errors errors = new ValidationFailure.Errors();
                    Map<String, Object> body = JsonBody.object(JsonBody.parse(request), List.of("body"), errors);
                    errors.throwIfAny();
                    String runId = JsonBody.requiredString(body, "run_id", List.of("body"), errors);
                    String flow = JsonBody.requiredString(body, "flow", List.of("body"), errors);
                    String start = JsonBody.optionalString(body, "start_node_id", List.of("body"), errors);
                    errors.throwIfAny();
                    return new Object[] {new RunRef(runId, flow), start};
                })
                .flatMap(args -> evaluateRun.evaluate((RunRef) args[0], (String) args[1]))
                .map(result -> ApiResponse.json(200, WireJson.evalResult(result)));
    }

    private Mono<ApiResponse> reeval(ApiRequest request) {
        long maxAge = request.queryParam("max_age_seconds") == null ? 86_400
                : queryInt(request, "max_age_seconds", 0, Integer.MAX_VALUE);
        return reevaluate.reevaluate(Duration.ofSeconds(maxAge))
                .map(summary -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("message", "Re-evaluation complete");
                    body.put("total_running", summary.totalRunning());
                    body.put("updated", summary.updated());
                    body.put("still_running", summary.stillRunning());
                    body.put("failed", summary.failed());
                    return ApiResponse.json(200, body);
                });
    }

    // --- nodes ----------------------------------------------------------------------------------

    private Mono<ApiResponse> listNodes() {
        return nodes.allActive().map(Wire::node).collectList().map(list -> ApiResponse.json(200, list));
    }

    private Mono<ApiResponse> createNode(ApiRequest request) {
        return Mono.fromSupplier(() -> decodeNewNode(JsonBody.parse(request)))
                .flatMap(createNode::create)
                .map(node -> ApiResponse.json(200, Wire.node(node)));
    }

    private NodeDefinition decodeNewNode(Object raw) {
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        List<Object> loc = List.of("body");
        Map<String, Object> body = JsonBody.object(raw, loc, errors);
        errors.throwIfAny();
        String flow = JsonBody.requiredString(body, "flow", loc, errors);
        String id = JsonBody.requiredString(body, "id", loc, errors);
        NodeType type = JsonBody.required(body, "type", loc, errors, (value, at) -> JsonBody.nodeType(value, at, errors));
        String description = JsonBody.optionalString(body, "description", loc, errors);
        var conditions = JsonBody.conditions(body.get("conditions"), at(loc, "conditions"), errors);
        List<String> depIds = body.get("dep_ids") == null ? List.of() : JsonBody.stringList(body.get("dep_ids"), at(loc, "dep_ids"), errors);
        var filter = JsonBody.expr(body.get("filter"), at(loc, "filter"), errors);
        var validator = JsonBody.expr(body.get("validator"), at(loc, "validator"), errors);
        String handler = handler(body, loc, errors);
        Map<String, Object> handlerInput = JsonBody.optionalObject(body, "handler_input", loc, errors);
        Map<String, Object> meta = JsonBody.optionalObject(body, "additional_meta", loc, errors);
        errors.throwIfAny();
        return new NodeDefinition(flow, id, type, NodeSource.MANUAL, description, depIds, filter, validator, conditions,
                handler, handlerInput, meta, null, null, null);
    }

    private Mono<ApiResponse> updateNode(ApiRequest request, String id) {
        return Mono.fromSupplier(() -> decodePatch(JsonBody.parse(request)))
                .flatMap(patch -> updateNode.update(id, request.queryParam("flow"), patch))
                .map(node -> ApiResponse.json(200, Wire.node(node)));
    }

    private NodePatch decodePatch(Object raw) {
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        List<Object> loc = List.of("body");
        Map<String, Object> body = JsonBody.object(raw, loc, errors);
        errors.throwIfAny();
        NodePatch patch = new NodePatch(
                present(body, "flow", v -> JsonBody.string(v, at(loc, "flow"), errors, false)),
                present(body, "type", v -> JsonBody.nodeType(v, at(loc, "type"), errors)),
                present(body, "description", v -> JsonBody.string(v, at(loc, "description"), errors, true)),
                present(body, "conditions", v -> JsonBody.conditions(v, at(loc, "conditions"), errors)),
                present(body, "dep_ids", v -> v == null ? List.<String>of() : JsonBody.stringList(v, at(loc, "dep_ids"), errors)),
                present(body, "filter", v -> JsonBody.expr(v, at(loc, "filter"), errors)),
                present(body, "validator", v -> JsonBody.expr(v, at(loc, "validator"), errors)),
                present(body, "handler", v -> handler(body, loc, errors)),
                present(body, "handler_input", v -> v == null ? null : JsonBody.object(v, at(loc, "handler_input"), errors)),
                present(body, "additional_meta", v -> v == null ? null : JsonBody.object(v, at(loc, "additional_meta"), errors)));
        errors.throwIfAny();
        return patch;
    }

    private static <T> Field<T> present(Map<String, Object> body, String key, Function<Object, T> decode) {
        return body.containsKey(key) ? Field.of(decode.apply(body.get(key))) : Field.absent();
    }

    private static String handler(Map<String, Object> body, List<Object> loc, ValidationFailure.Errors errors) {
        Object value = body.get("handler");
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || !List.of("http_request", "test_run", "test_suite_run", "command").contains(s)) {
            errors.add("literal_error", at(loc, "handler"),
                    "Input should be 'http_request', 'test_run', 'test_suite_run' or 'command'", value);
            return null;
        }
        return s;
    }

    private Mono<ApiResponse> deleteNode(ApiRequest request, String id) {
        return deleteNode.delete(id, request.queryParam("flow"))
                .map(node -> ApiResponse.json(200, Wire.success("Node deleted", clock.instant())));
    }

    private Mono<ApiResponse> scan(ApiRequest request) {
        return Mono.fromSupplier(() -> decodeScan(JsonBody.parse(request)))
                .flatMap(scanNodes::scan)
                .map(result -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("created", result.created());
                    body.put("updated", result.updated());
                    body.put("deleted", result.deleted());
                    body.put("flows", result.flows());
                    return ApiResponse.json(200, body);
                });
    }

    private static Map<String, List<ScannedNode>> decodeScan(Object raw) {
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        List<Object> loc = List.of("body");
        Map<String, Object> body = JsonBody.object(raw, loc, errors);
        errors.throwIfAny();
        JsonBody.requiredString(body, "scanned_at", loc, errors);
        JsonBody.required(body, "files_scanned", loc, errors, (value, at) -> JsonBody.integer(value, at, errors));
        Map<String, List<ScannedNode>> flows = new LinkedHashMap<>();
        Map<String, Object> given = body.get("flows") == null ? Map.of() : JsonBody.object(body.get("flows"), at(loc, "flows"), errors);
        if (given != null) {
            given.forEach((flowKey, value) -> {
                List<Object> flowLoc = at(at(loc, "flows"), flowKey);
                if (!(value instanceof List<?> list)) {
                    errors.add("list_type", flowLoc, "Input should be a valid list", value);
                    return;
                }
                List<ScannedNode> scanned = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    List<Object> nodeLoc = at(flowLoc, i);
                    Map<String, Object> node = JsonBody.object(list.get(i), nodeLoc, errors);
                    if (node == null) {
                        continue;
                    }
                    String id = JsonBody.requiredString(node, "id", nodeLoc, errors);
                    String flow = JsonBody.requiredString(node, "flow", nodeLoc, errors);
                    NodeType type = JsonBody.required(node, "type", nodeLoc, errors, (typeValue, typeLoc) -> JsonBody.nodeType(typeValue, typeLoc, errors));
                    if (type != null && type != NodeType.ACT && type != NodeType.ASSERT) {
                        errors.add("literal_error", at(nodeLoc, "type"), "Input should be 'act' or 'assert'", node.get("type"));
                    }
                    String description = JsonBody.optionalString(node, "description", nodeLoc, errors);
                    List<String> deps = node.get("dep_ids") == null ? List.of() : JsonBody.stringList(node.get("dep_ids"), at(nodeLoc, "dep_ids"), errors);
                    var conditions = JsonBody.conditions(node.get("conditions"), at(nodeLoc, "conditions"), errors);
                    scanned.add(new ScannedNode(id, flow, type, description, deps, conditions == null ? List.of() : conditions));
                }
                flows.put(flowKey, scanned);
            });
        }
        errors.throwIfAny();
        return flows;
    }

    // --- query parameters -----------------------------------------------------------------------

    private static int limit(ApiRequest request) {
        return request.queryParam("limit") == null ? 100 : queryInt(request, "limit", 0, MAX_LIMIT);
    }

    private static int offset(ApiRequest request) {
        return request.queryParam("offset") == null ? 0 : queryInt(request, "offset", 0, Integer.MAX_VALUE);
    }

    private static int queryInt(ApiRequest request, String name, int min, int max) {
        String text = request.queryParam(name);
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ValidationFailure.of("int_parsing", List.of("query", name),
                    "Input should be a valid integer, unable to parse string as an integer", text);
        }
        if (value < min) {
            throw ValidationFailure.of("greater_than_equal", List.of("query", name), "Input should be greater than or equal to " + min, text);
        }
        if (value > max) {
            throw ValidationFailure.of("less_than_equal", List.of("query", name), "Input should be less than or equal to " + max, text);
        }
        return (int) value;
    }
}
