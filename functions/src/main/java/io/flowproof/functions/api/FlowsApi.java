package io.flowproof.functions.api;

import io.flowproof.domain.flow.FlowFile;
import io.flowproof.domain.flow.FlowProblem;
import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.FlowSummary;
import io.flowproof.domain.flow.FlowSync;
import io.flowproof.domain.flow.ListFlows;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.flow.SyncFlows;
import io.flowproof.domain.port.FlowFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Flowproof's flow-file endpoints (not in the original API): sync the server's flows directory, validate a
 * YAML text, list flows with their node counts and settings. Served by the {@code evaluate} function.
 */
public final class FlowsApi implements RouteSet {

    private final SyncFlows syncFlows;
    private final ListFlows listFlows;
    private final FlowFiles flowFiles;
    private final String flowsDir;

    public FlowsApi(SyncFlows syncFlows, ListFlows listFlows, FlowFiles flowFiles, String flowsDir) {
        this.syncFlows = syncFlows;
        this.listFlows = listFlows;
        this.flowFiles = flowFiles;
        this.flowsDir = flowsDir;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/v1/flows", Route.ANY_FUNCTION, false, "List flows with node counts and settings", (r, v) -> list())
                        .with(RouteDoc.of(null).tag("flows").returns(200, "Flows", "FlowSummaryList")),
                new Route("POST", "/v1/flows/sync", V1Api.EVALUATE, false, "Sync the server's YAML flows directory", (r, v) -> sync())
                        .with(RouteDoc.of("Reads `FLOWPROOF_FLOWS_DIR` and stores its flows' nodes (source `code`).").tag("flows")
                                .returns(200, "What was synced, and every problem as file:line: reason", "SyncReport")),
                new Route("POST", "/v1/flows/validate", Route.ANY_FUNCTION, false, "Validate one YAML flow file (the body)", (r, v) -> validate(r))
                        .with(RouteDoc.of("Checks a flow file without storing anything.").tag("flows")
                                .query("file", "string", "the name used in problem locations (default request.yaml)")
                                .body("application/yaml", null, "flow: checkout\nnodes:\n  - id: order_placed\n    type: act\n")
                                .returns(200, "Valid or not, with every problem", "FlowValidation")));
    }

    private Mono<ApiResponse> list() {
        return listFlows.list().map(FlowsApi::summary).collectList().map(list -> ApiResponse.json(200, list));
    }

    private Mono<ApiResponse> sync() {
        return syncFlows.sync(flowsDir).map(report -> ApiResponse.json(200, syncReport(report)));
    }

    private Mono<ApiResponse> validate(ApiRequest request) {
        String name = request.queryParam("file") == null ? "request.yaml" : request.queryParam("file");
        return Mono.fromSupplier(() -> flowFiles.parse(name, request.bodyText()))
                .map(file -> ApiResponse.json(200, validation(file)));
    }

    static Map<String, Object> syncReport(FlowSync report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("files", report.files());
        body.put("flows", report.flows());
        body.put("nodes", report.nodes());
        body.put("problems", problems(report.problems()));
        return body;
    }

    private static Map<String, Object> validation(FlowFile file) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", file.isValid());
        body.put("flow", file.isValid() ? file.definition().flow() : null);
        body.put("nodes", file.isValid() ? file.definition().nodes().size() : 0);
        body.put("problems", problems(file.problems()));
        return body;
    }

    private static List<Map<String, Object>> problems(List<FlowProblem> problems) {
        List<Map<String, Object>> list = new ArrayList<>(problems.size());
        for (FlowProblem problem : problems) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("file", problem.file());
            item.put("line", problem.line());
            item.put("reason", problem.reason());
            list.add(item);
        }
        return list;
    }

    private static Map<String, Object> summary(FlowSummary summary) {
        FlowSettings settings = summary.settings();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flow", summary.flow());
        body.put("nodes", summary.nodes());
        body.put("trigger_nodes", summary.triggerNodes());
        body.put("source_file", settings.sourceFile());
        Map<String, Object> ensure = new LinkedHashMap<>();
        ensure.put("timeout_ms", settings.timeoutOrDefault());
        ensure.put("poll_interval_ms", settings.pollIntervalOrDefault());
        RetryPolicy retry = settings.retryOrDefault();
        Map<String, Object> retries = new LinkedHashMap<>();
        retries.put("max_attempts", retry.maxAttempts());
        retries.put("initial_ms", retry.initial().toMillis());
        retries.put("factor", retry.factor());
        retries.put("max_ms", retry.max().toMillis());
        ensure.put("retries", retries);
        body.put("ensure", ensure);
        if (settings.schedule() == null) {
            body.put("schedule", null);
        } else {
            Map<String, Object> schedule = new LinkedHashMap<>();
            schedule.put("cron", settings.schedule().cron());
            schedule.put("timezone", settings.schedule().zone());
            body.put("schedule", schedule);
        }
        return body;
    }
}
