package io.flowproof.functions.api;

import io.flowproof.domain.ensure.CancelEnsure;
import io.flowproof.domain.ensure.EnsureOrigin;
import io.flowproof.domain.ensure.EnsureQuery;
import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.EnsureStep;
import io.flowproof.domain.ensure.FindEnsureRuns;
import io.flowproof.domain.ensure.StartEnsure;
import io.flowproof.infra.json.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/ensure-runs}: start (function {@code trigger}), list and read (function {@code evaluate}), cancel
 * ({@code trigger}). JSON in snake_case, states lower-case. Decode, call one use case, encode.
 */
public final class EnsureApi implements RouteSet {

    public static final String TRIGGER = "trigger";

    private static final int MAX_LIMIT = 1_000;

    private final StartEnsure start;
    private final CancelEnsure cancel;
    private final FindEnsureRuns find;
    private final RequestLimits limits;

    public EnsureApi(StartEnsure start, CancelEnsure cancel, FindEnsureRuns find, RequestLimits limits) {
        this.start = start;
        this.cancel = cancel;
        this.find = find;
        this.limits = limits;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/ensure-runs", TRIGGER, false, "Start an ensure run of a flow (fires its triggers)", (r, v) -> start(r))
                        .with(RouteDoc.of("Fires the flow's trigger nodes, extracts the run id and re-evaluates the run on every "
                                + "poll until it passes, fails or times out (docs/ensure.md). Idempotent per `idempotency_key`.")
                                .tag("ensure-runs").jsonBody("EnsureStart", "{\"flow\":\"checkout\",\"idempotency_key\":\"deploy-42\",\"timeout_ms\":60000}")
                                .returns(201, "Started", "EnsureRun").returns(200, "An existing run with this idempotency key", "EnsureRun")
                                .returns(404, "Unknown flow or no trigger node", "Detail")),
                new Route("GET", "/v1/ensure-runs", Route.ANY_FUNCTION, false, "List ensure runs, newest first", (r, v) -> list(r))
                        .with(RouteDoc.of(null).tag("ensure-runs").query("flow", "string", "only this flow")
                                .query("state", "string", "pending, triggering, waiting, passed, failed, timed_out, cancelled or error")
                                .query("limit", "integer", "up to 1,000").query("offset", "integer", "default 0")
                                .returns(200, "Ensure runs", "EnsureRunList")),
                new Route("GET", "/v1/ensure-runs/{id}", Route.ANY_FUNCTION, false, "One ensure run with its step trace and latest evaluation",
                        (r, v) -> detail(v.get("id")))
                        .with(RouteDoc.of(null).tag("ensure-runs").returns(200, "The run", "EnsureRunDetail").returns(404, "No such run", "Detail")),
                new Route("POST", "/v1/ensure-runs/{id}/cancel", TRIGGER, false, "Cancel an unfinished ensure run", (r, v) -> cancel(v.get("id")))
                        .with(RouteDoc.of("Final: a cancelled run is never advanced again.").tag("ensure-runs")
                                .returns(200, "Cancelled", "EnsureRun").returns(404, "No such run", "Detail")
                                .returns(409, "The run already finished", "Detail")));
    }

    private Mono<ApiResponse> start(ApiRequest request) {
        return Mono.fromSupplier(() -> decodeStart(limits.parse(request)))
                .flatMap(start::start)
                .map(started -> ApiResponse.json(started.created() ? 201 : 200, run(started.run())));
    }

    /** Package-private for the property tests. */
    StartEnsure.Command decodeStart(Object raw) {
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        List<Object> loc = List.of("body");
        Map<String, Object> body = JsonBody.object(raw, loc, errors);
        errors.throwIfAny();
        String flow = JsonBody.requiredString(body, "flow", loc, errors);
        if (flow != null && flow.isBlank()) {
            errors.add("string_too_short", JsonBody.at(loc, "flow"), "String should have at least 1 character", flow);
        }
        String key = JsonBody.optionalString(body, "idempotency_key", loc, errors);
        Long timeout = positive(body, "timeout_ms", errors);
        Long pollInterval = positive(body, "poll_interval_ms", errors);
        limits.id(flow, JsonBody.at(loc, "flow"), errors);
        limits.id(key, JsonBody.at(loc, "idempotency_key"), errors);
        errors.throwIfAny();
        return new StartEnsure.Command(flow, key, timeout, pollInterval, EnsureOrigin.API);
    }

    private static Long positive(Map<String, Object> body, String key, ValidationFailure.Errors errors) {
        if (body.get(key) == null) {
            return null;
        }
        List<Object> loc = JsonBody.at(List.of("body"), key);
        Long value = JsonBody.integer(body.get(key), loc, errors);
        if (value != null && value <= 0) {
            errors.add("greater_than", loc, "Input should be greater than 0", value);
            return null;
        }
        return value;
    }

    private Mono<ApiResponse> list(ApiRequest request) {
        return Mono.fromSupplier(() -> decodeQuery(request))
                .flatMap(query -> find.list(query).map(EnsureApi::run).collectList())
                .map(list -> ApiResponse.json(200, list));
    }

    private static EnsureQuery decodeQuery(ApiRequest request) {
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        EnsureState state = null;
        String stateText = request.queryParam("state");
        if (stateText != null) {
            state = EnsureState.fromWire(stateText);
            if (state == null) {
                errors.add("enum", List.of("query", "state"), "Input should be 'pending', 'triggering', 'waiting', 'passed', "
                        + "'failed', 'timed_out', 'cancelled' or 'error'", stateText);
            }
        }
        int limit = bounded(request, "limit", 100, MAX_LIMIT, errors);
        int offset = bounded(request, "offset", 0, Integer.MAX_VALUE, errors);
        errors.throwIfAny();
        return new EnsureQuery(request.queryParam("flow"), state, limit, offset);
    }

    private static int bounded(ApiRequest request, String name, int fallback, int max, ValidationFailure.Errors errors) {
        String text = request.queryParam(name);
        if (text == null) {
            return fallback;
        }
        List<Object> loc = List.of("query", name);
        Long value = JsonBody.integer(text, loc, errors);
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value > max) {
            errors.add(value < 0 ? "greater_than_equal" : "less_than_equal", loc,
                    value < 0 ? "Input should be greater than or equal to 0" : "Input should be less than or equal to " + max, text);
            return fallback;
        }
        return value.intValue();
    }

    private Mono<ApiResponse> detail(String id) {
        return find.detail(id).map(detail -> {
            Map<String, Object> body = run(detail.run());
            body.put("outputs", detail.run().outputs());
            List<Map<String, Object>> steps = new ArrayList<>(detail.steps().size());
            detail.steps().forEach(step -> steps.add(step(step)));
            body.put("steps", steps);
            body.put("evaluation", detail.run().lastResult() == null ? null : WireJson.evalResult(detail.run().lastResult()));
            return ApiResponse.json(200, body);
        });
    }

    private Mono<ApiResponse> cancel(String id) {
        return cancel.cancel(id).map(run -> ApiResponse.json(200, run(run)));
    }

    // --- JSON ---------------------------------------------------------------------------------------

    static Map<String, Object> run(EnsureRun run) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", run.id());
        map.put("flow", run.flow());
        map.put("state", run.state().wireName());
        map.put("status", run.lastResult() == null ? null : run.lastResult().status().wireName());
        map.put("origin", run.origin().wireName());
        map.put("idempotency_key", run.idempotencyKey());
        map.put("run_id", run.runId());
        map.put("trigger_ev_id", run.triggerEventId());
        map.put("error", run.error());
        map.put("triggers", run.triggers());
        map.put("current_step", run.currentStep());
        map.put("attempt", run.attempt());
        map.put("evaluations", run.evaluations());
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("max_attempts", run.options().retry().maxAttempts());
        retry.put("initial_ms", run.options().retry().initial().toMillis());
        retry.put("factor", run.options().retry().factor());
        retry.put("max_ms", run.options().retry().max().toMillis());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("timeout_ms", run.options().timeout().toMillis());
        options.put("poll_interval_ms", run.options().pollInterval().toMillis());
        options.put("retry", retry);
        map.put("options", options);
        map.put("deadline", Wire.time(run.deadline()));
        map.put("wake_at", Wire.time(run.wakeAt()));
        map.put("lease_until", Wire.time(run.leaseUntil()));
        map.put("created_at", Wire.time(run.createdAt()));
        map.put("updated_at", Wire.time(run.updatedAt()));
        map.put("finished_at", Wire.time(run.finishedAt()));
        return map;
    }

    private static Map<String, Object> step(EnsureStep step) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("step_id", step.stepId());
        map.put("attempt", step.attempt());
        map.put("status", step.status());
        map.put("input", step.input());
        map.put("output", step.output());
        map.put("error", step.error());
        map.put("started_at", Wire.time(step.startedAt()));
        map.put("finished_at", Wire.time(step.finishedAt()));
        map.put("duration_ms", step.duration() == null ? null : step.duration().toNanos() / 1e6);
        return map;
    }
}
