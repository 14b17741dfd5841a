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
import io.flowproof.domain.port.Telemetry;
import io.flowproof.domain.port.Telemetry.BatchRefusal;
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
    private final RequestLimits limits;
    private final Telemetry telemetry;

    public V1Api(IngestEvents ingestEvents, Function<IngestReceipt, Mono<Void>> afterIngest, EvaluateRun evaluateRun,
            ReevaluateRunningFlows reevaluate, CreateNode createNode, UpdateNode updateNode, DeleteNode deleteNode,
            ScanNodes scanNodes, EventStore events, NodeStore nodes, EvalOutputStore outputs, Clock clock, String version,
            RequestLimits limits) {
        this(ingestEvents, afterIngest, evaluateRun, reevaluate, createNode, updateNode, deleteNode, scanNodes, events, nodes, outputs,
                clock, version, limits, Telemetry.NONE);
    }

    /** @param telemetry told about batches refused before they reach the use case (invalid, too many items) */
    public V1Api(IngestEvents ingestEvents, Function<IngestReceipt, Mono<Void>> afterIngest, EvaluateRun evaluateRun,
            ReevaluateRunningFlows reevaluate, CreateNode createNode, UpdateNode updateNode, DeleteNode deleteNode,
            ScanNodes scanNodes, EventStore events, NodeStore nodes, EvalOutputStore outputs, Clock clock, String version,
            RequestLimits limits, Telemetry telemetry) {
        this.telemetry = telemetry;
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
        this.limits = limits;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/", INGEST, true, "Service information (browsers are redirected to the console at /ui/)", (r, v) -> root(r))
                        .with(RouteDoc.of("Name, version and where the health check and these docs are. A browser (`Accept: text/html`) "
                                + "is redirected (302) to the console at `/ui/`.").tag("service")
                                .returns(200, "Service information", "ServiceInfo")),
                new Route("GET", "/health", INGEST, true, "Liveness", (r, v) -> health())
                        .with(RouteDoc.of("Answers while the process serves; it does not touch the database. Probes: "
                                + "`/actuator/health/liveness` and `/actuator/health/readiness` (readiness checks the database).")
                                .tag("service").returns(200, "Alive", "Health")),
                new Route("GET", "/v1/status", Route.ANY_FUNCTION, false, "Connection check for the SDKs and the UI", (r, v) -> status())
                        .with(RouteDoc.of("What the SDKs call at start (`initialize()`); 200 means the URL and key are right.")
                                .tag("service").returns(200, "The key is valid", "Success")),
                new Route("POST", "/v1/events-batch", INGEST, false, "Ingest a batch of act/assert events", (r, v) -> eventsBatch(r))
                        .with(RouteDoc.of("Validated as a whole (an invalid batch stores nothing), committed in one transaction "
                                + "before the 200, then every touched run is evaluated (durable queue). At most "
                                + "`FLOWPROOF_MAX_BATCH_ITEMS` items and `FLOWPROOF_MAX_BODY_BYTES` bytes (413).").tag("events")
                                .jsonBody("EventBatch", "[{\"flow\":\"checkout\",\"id\":\"order_placed\",\"run_id\":\"r1\",\"type\":\"act\",\"data\":{\"amount\":120},\"ts\":1795547220404334017},{\"flow\":\"checkout\",\"id\":\"payment_charged\",\"run_id\":\"r1\",\"type\":\"assert\",\"data\":{\"charged\":120},\"ts\":1795547220408451044,\"dep_ids\":[\"order_placed\"],\"validator\":{\"engine\":\"cel\",\"script\":\"data.charged == ctx.data.amount\"}}]")
                                .returns(200, "Every event is committed", "Success").returns(413, "Body too large", "Detail")),
                new Route("GET", "/v1/events", EVALUATE, false, "List events, newest first", (r, v) -> listEvents(r))
                        .with(RouteDoc.of(null).tag("events").query("flow", "string", "only this flow")
                                .query("node_id", "string", "only this node")
                                .query("run_id", "string", "only this run (needs `flow`)")
                                .query("limit", "integer", "0 to 10,000 (default 100)")
                                .query("offset", "integer", "skip this many (default 0)")
                                .returns(200, "Events", "StoredEventList")),
                new Route("POST", "/v1/run-eval", EVALUATE, false, "Evaluate a run and store the result", (r, v) -> runEval(r))
                        .with(RouteDoc.of("Evaluates the run (or the subgraph below `start_node_id`) on its stored events and the "
                                + "flow's nodes, stores the result as an eval output and answers it; a `failed` result is notified.")
                                .tag("evaluations").jsonBody("RunEvalRequest", "{\"run_id\":\"r1\",\"flow\":\"checkout\"}")
                                .returns(200, "The evaluation", "EvalResult").returns(400, "Unknown start node", "Detail")
                                .returns(404, "No events or no nodes for the run", "Detail").returns(422, "Invalid body, or the flow has a cycle", "ValidationError")),
                new Route("GET", "/v1/eval-outputs", EVALUATE, false, "List stored evaluations, newest first", (r, v) -> listOutputs(r))
                        .with(RouteDoc.of(null).tag("evaluations").repeatableQuery("name", "string", "flow names (repeat for several)")
                                .query("ev_id", "string", "only the evaluation triggered by this event")
                                .query("run_id", "string", "only this run (needs exactly one `name`)")
                                .query("limit", "integer", "0 to 10,000 (default 100)").query("offset", "integer", "default 0")
                                .returns(200, "Stored evaluations", "EvalOutputList")),
                new Route("POST", "/v1/reeval-running-flows", EVALUATE, false, "Re-evaluate recent running/failed runs", (r, v) -> reeval(r))
                        .with(RouteDoc.of("Re-evaluates stored `running` and `failed` evaluations younger than `max_age_seconds` "
                                + "and updates them in place; changes are notified.").tag("evaluations")
                                .query("max_age_seconds", "integer", "default 86400").returns(200, "What changed", "ReevalSummary")),
                new Route("GET", "/v1/nodes", EVALUATE, false, "List active nodes of every flow", (r, v) -> listNodes())
                        .with(RouteDoc.of(null).tag("nodes").returns(200, "Nodes", "NodeList")),
                new Route("POST", "/v1/nodes", EVALUATE, false, "Create a manual node", (r, v) -> createNode(r))
                        .with(RouteDoc.of("Filter, validator and run-id extractor scripts are compiled first: a syntax error is a 422 "
                                + "with its position.").tag("nodes")
                                .jsonBody("NewNode", "{\"flow\":\"checkout\",\"id\":\"create_order\",\"type\":\"trigger\","
                                        + "\"handler\":\"http_request\",\"handler_input\":{\"params\":{\"url\":\"https://shop.example.com/orders\","
                                        + "\"method\":\"POST\",\"run_id_extractor\":{\"engine\":\"python\",\"script\":\"output['id']\"}}}}")
                                .returns(200, "The stored node", "Node").returns(409, "The node exists", "Detail")),
                new Route("POST", "/v1/nodes/scan", EVALUATE, false, "Apply a scanner upload", (r, v) -> scan(r))
                        .with(RouteDoc.of("Creates, updates and soft-deletes `scan` nodes to match the upload.").tag("nodes")
                                .jsonBody("ScanUpload", "{\"scanned_at\":\"2026-11-25T10:00:00Z\",\"files_scanned\":1,\"flows\":{\"checkout\":"
                                        + "[{\"id\":\"order_placed\",\"flow\":\"checkout\",\"type\":\"act\"}]}}")
                                .returns(200, "What changed", "ScanResult")),
                new Route("PUT", "/v1/nodes/{id}", EVALUATE, false, "Update a manual or scanned node", (r, v) -> updateNode(r, v.get("id")))
                        .with(RouteDoc.of("Only the fields present change. `?flow=` chooses when the id exists in several flows.")
                                .tag("nodes").query("flow", "string", "the node's flow (needed when the id is ambiguous)")
                                .jsonBody("NodePatch", "{\"description\":\"Order created in the shop\"}")
                                .returns(200, "The updated node", "Node").returns(404, "No such node", "Detail")
                                .returns(409, "The id is in several flows: add ?flow=", "Detail")),
                new Route("DELETE", "/v1/nodes/{id}", EVALUATE, false, "Soft-delete a manual or scanned node", (r, v) -> deleteNode(r, v.get("id")))
                        .with(RouteDoc.of(null).tag("nodes").query("flow", "string", "the node's flow (needed when the id is ambiguous)")
                                .returns(200, "Deleted", "Success").returns(404, "No such node", "Detail")
                                .returns(409, "The id is in several flows: add ?flow=", "Detail")));
    }

    // --- public ---------------------------------------------------------------------------------

    private Mono<ApiResponse> root(ApiRequest request) {
        String accept = request.header("Accept");
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html")) {
            // a browser navigating to the server: the web console (API clients keep getting the JSON below)
            return Mono.just(ApiResponse.text(302, "Found: /ui/").withHeader("Location", "/ui/").withHeader("Cache-Control", "no-store"));
        }
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
        return Mono.fromSupplier(() -> decodeBatch(limits.parse(request)))
                .doOnError(error -> telemetry.batchRefused(refusal(error)))
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

    /** Why decoding refused a batch (the use case reports the refusals that happen after decoding). */
    private static BatchRefusal refusal(Throwable error) {
        if (error instanceof ValidationFailure invalid) {
            boolean tooMany = invalid.errors().stream().anyMatch(item -> "too_long".equals(item.get("type")));
            return tooMany ? BatchRefusal.TOO_LARGE : BatchRefusal.INVALID;
        }
        return error instanceof ApiRouter.PayloadTooLarge ? BatchRefusal.TOO_LARGE : BatchRefusal.ERROR;
    }

    /** Package-private for the property tests. */
    List<IngestItem> decodeBatch(Object body) {
        if (!(body instanceof List<?> list)) {
            throw ValidationFailure.of("list_type", List.of("body"), "Input should be a valid list", body instanceof Map<?, ?> ? "<object>" : body);
        }
        if (list.size() > limits.maxBatchItems()) {
            throw ValidationFailure.of("too_long", List.of("body"), "List should have at most " + limits.maxBatchItems()
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

    private IngestItem decodeItem(Object raw, List<Object> loc, ValidationFailure.Errors errors) {
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
        limits.id(flow, at(loc, "flow"), errors);
        limits.id(nodeId, at(loc, "id"), errors);
        limits.id(runId, at(loc, "run_id"), errors);
        limits.ids(depIds, at(loc, "dep_ids"), errors);
        limits.json(data, at(loc, "data"), errors);
        limits.json(meta, at(loc, "additional_meta"), errors);
        limits.expr(filter, at(loc, "filter"), errors);
        limits.expr(validator, at(loc, "validator"), errors);
        if (flow == null || nodeId == null || runId == null || type == null || data == null || ts == null) {
            return null;
        }
        return new IngestItem(flow, nodeId, runId, type, data, ts, description, depIds, filter, validator, conditions, meta);
    }

    // --- reads and evaluation -------------------------------------------------------------------

    private Mono<ApiResponse> listEvents(ApiRequest request) {
        int limit = limit(request);
        int offset = offset(request);
        String runId = request.queryParam("run_id");
        if (runId != null) {
            // Flowproof addition (the console's run page): one run's events, same order and paging
            String flow = requiredWith(request, "flow", "run_id");
            String nodeId = request.queryParam("node_id");
            return events.runEvents(new RunRef(runId, flow))
                    .filter(event -> nodeId == null || nodeId.equals(event.nodeId()))
                    .sort(java.util.Comparator.comparingLong(io.flowproof.domain.model.Event::ts).reversed())
                    .skip(offset).take(limit)
                    .map(Wire::event).collectList()
                    .map(list -> ApiResponse.json(200, list));
        }
        return events.list(request.queryParam("flow"), request.queryParam("node_id"), limit, offset)
                .map(Wire::event).collectList()
                .map(list -> ApiResponse.json(200, list));
    }

    private Mono<ApiResponse> listOutputs(ApiRequest request) {
        int limit = limit(request);
        int offset = offset(request);
        String runId = request.queryParam("run_id");
        if (runId != null) {
            // Flowproof addition (the console's run page): one run's evaluations, newest first
            String flow = requiredWith(request, "name", "run_id");
            return outputs.ofRun(runId, flow).skip(offset).take(limit)
                    .map(Wire::evalOutput).collectList()
                    .map(list -> ApiResponse.json(200, list));
        }
        return outputs.list(request.queryParams("name"), request.queryParam("ev_id"), limit, offset)
                .map(Wire::evalOutput).collectList()
                .map(list -> ApiResponse.json(200, list));
    }

    private Mono<ApiResponse> runEval(ApiRequest request) {
        return Mono.fromSupplier(() -> {
                    ValidationFailure.Errors errors = new ValidationFailure.Errors();
                    Map<String, Object> body = JsonBody.object(limits.parse(request), List.of("body"), errors);
                    errors.throwIfAny();
                    String runId = JsonBody.requiredString(body, "run_id", List.of("body"), errors);
                    String flow = JsonBody.requiredString(body, "flow", List.of("body"), errors);
                    String start = JsonBody.optionalString(body, "start_node_id", List.of("body"), errors);
                    limits.id(runId, List.of("body", "run_id"), errors);
                    limits.id(flow, List.of("body", "flow"), errors);
                    limits.id(start, List.of("body", "start_node_id"), errors);
                    errors.throwIfAny();
                    return new Object[] {new RunRef(runId, flow), start};
                })
                .flatMap(args -> evaluateRun.evaluate((RunRef) args[0], (String) args[1]))
                .map(result -> ApiResponse.rawJson(200, WireJson.evalResultJson(result)));
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
        return Mono.fromSupplier(() -> decodeNewNode(limits.parse(request)))
                .flatMap(createNode::create)
                .map(node -> ApiResponse.json(200, Wire.node(node)));
    }

    NodeDefinition decodeNewNode(Object raw) {
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
        limits.id(flow, at(loc, "flow"), errors);
        limits.id(id, at(loc, "id"), errors);
        limits.ids(depIds, at(loc, "dep_ids"), errors);
        limits.expr(filter, at(loc, "filter"), errors);
        limits.expr(validator, at(loc, "validator"), errors);
        limits.handlerInput(handlerInput, at(loc, "handler_input"), errors);
        limits.json(meta, at(loc, "additional_meta"), errors);
        errors.throwIfAny();
        return new NodeDefinition(flow, id, type, NodeSource.MANUAL, description, depIds, filter, validator, conditions,
                handler, handlerInput, meta, null, null, null);
    }

    private Mono<ApiResponse> updateNode(ApiRequest request, String id) {
        return Mono.fromSupplier(() -> decodePatch(limits.parse(request)))
                .flatMap(patch -> updateNode.update(id, request.queryParam("flow"), patch))
                .map(node -> ApiResponse.json(200, Wire.node(node)));
    }

    NodePatch decodePatch(Object raw) {
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        List<Object> loc = List.of("body");
        Map<String, Object> body = JsonBody.object(raw, loc, errors);
        errors.throwIfAny();
        NodePatch patch = new NodePatch(
                present(body, "flow", v -> limited(JsonBody.string(v, at(loc, "flow"), errors, false), at(loc, "flow"), errors)),
                present(body, "type", v -> JsonBody.nodeType(v, at(loc, "type"), errors)),
                present(body, "description", v -> JsonBody.string(v, at(loc, "description"), errors, true)),
                present(body, "conditions", v -> JsonBody.conditions(v, at(loc, "conditions"), errors)),
                present(body, "dep_ids", v -> {
                    List<String> depIds = v == null ? List.<String>of() : JsonBody.stringList(v, at(loc, "dep_ids"), errors);
                    limits.ids(depIds, at(loc, "dep_ids"), errors);
                    return depIds;
                }),
                present(body, "filter", v -> limited(JsonBody.expr(v, at(loc, "filter"), errors), at(loc, "filter"), errors)),
                present(body, "validator", v -> limited(JsonBody.expr(v, at(loc, "validator"), errors), at(loc, "validator"), errors)),
                present(body, "handler", v -> handler(body, loc, errors)),
                present(body, "handler_input", v -> {
                    Map<String, Object> input = v == null ? null : JsonBody.object(v, at(loc, "handler_input"), errors);
                    limits.handlerInput(input, at(loc, "handler_input"), errors);
                    return input;
                }),
                present(body, "additional_meta", v -> {
                    Map<String, Object> meta = v == null ? null : JsonBody.object(v, at(loc, "additional_meta"), errors);
                    limits.json(meta, at(loc, "additional_meta"), errors);
                    return meta;
                }));
        errors.throwIfAny();
        return patch;
    }

    private String limited(String id, List<Object> loc, ValidationFailure.Errors errors) {
        limits.id(id, loc, errors);
        return id;
    }

    private io.flowproof.domain.expression.Expr limited(io.flowproof.domain.expression.Expr expr, List<Object> loc,
            ValidationFailure.Errors errors) {
        limits.expr(expr, loc, errors);
        return expr;
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
        return Mono.fromSupplier(() -> decodeScan(limits.parse(request)))
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

    Map<String, List<ScannedNode>> decodeScan(Object raw) {
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
                    limits.id(id, at(nodeLoc, "id"), errors);
                    limits.id(flow, at(nodeLoc, "flow"), errors);
                    limits.ids(deps, at(nodeLoc, "dep_ids"), errors);
                    scanned.add(new ScannedNode(id, flow, type, description, deps, conditions == null ? List.of() : conditions));
                }
                flows.put(flowKey, scanned);
            });
        }
        errors.throwIfAny();
        return flows;
    }

    // --- query parameters -----------------------------------------------------------------------

    /** The single value of query parameter {@code name}, which {@code other} needs; else 422 naming it. */
    private static String requiredWith(ApiRequest request, String name, String other) {
        List<String> values = request.queryParams(name);
        if (values.size() != 1 || values.get(0).isBlank()) {
            ValidationFailure.Errors errors = new ValidationFailure.Errors();
            errors.add("missing", List.of("query", name), "Exactly one '" + name + "' is required with '" + other + "'", values);
            errors.throwIfAny();
        }
        return values.get(0);
    }

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
