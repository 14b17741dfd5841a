package io.flowproof.functions.reliability;

import io.flowproof.functions.it.ApiClient;
import io.flowproof.functions.it.AppProcess;
import io.flowproof.infra.json.WireJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ensure-run helpers for the reliability tests: flow files, starting runs, reading their traces. */
final class Ensures {

    static final Set<String> FINAL = Set.of("passed", "failed", "timed_out", "cancelled", "error");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Ensures() {
    }

    /**
     * A flow whose trigger {@code start} POSTs to {@code url} (its answer names the run id) and whose node {@code done}
     * follows it; {@code schedule} is a 5-field cron or null.
     */
    static void writeFlow(Path flowsDir, String flow, String url, long triggerTimeoutMs, long timeoutMs, String schedule,
            boolean withDone) throws IOException {
        Files.createDirectories(flowsDir);
        String yaml = "flow: " + flow + "\n"
                + "ensure: {timeout_ms: " + timeoutMs + ", poll_interval_ms: 300, retries: {max_attempts: 5, initial_ms: 200}}\n"
                + (schedule == null ? "" : "schedule: {cron: \"" + schedule + "\"}\n")
                + "nodes:\n"
                + "  - id: start\n"
                + "    type: trigger\n"
                + "    handler: http_request\n"
                + "    handler_input:\n"
                + "      params:\n"
                + "        url: \"" + url + "\"\n"
                + "        method: POST\n"
                + "        body: '{}'\n"
                + "        timeout_ms: " + triggerTimeoutMs + "\n"
                + "        run_id_extractor: {engine: python, script: \"output['run_id']\"}\n"
                + (withDone ? "  - id: done\n    type: act\n    dep_ids: [start]\n" : "");
        Files.writeString(flowsDir.resolve(flow + ".yaml"), yaml);
    }

    /**
     * Starts an ensure run; its id. The app answers {@code /health} before it has synced its flow files, so a 404
     * (flow not found yet) is retried for up to 60 s.
     */
    static String start(ApiClient api, String flow, String key) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response;
        do {
            response = api.send("POST", "/v1/ensure-runs",
                    "{\"flow\":\"" + flow + "\",\"idempotency_key\":\"" + key + "\"}", Map.of(), TIMEOUT);
            if (response.statusCode() == 404) {
                Thread.sleep(200);
            }
        } while (response.statusCode() == 404 && System.nanoTime() < deadline);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new AssertionError("start " + flow + "/" + key + ": " + response.statusCode() + " " + response.body());
        }
        return (String) WireJson.readObject(response.body()).get("id");
    }

    /**
     * Posts the {@code done} event of each run (run id {@code r-<ensure run id>}, as {@link RecordingTarget} answers),
     * with a timestamp ten minutes ahead so it follows the trigger event whenever that is stored.
     */
    static void postDone(ApiClient api, String flow, List<String> ensureRunIds) throws IOException, InterruptedException {
        long ts = (System.currentTimeMillis() + 600_000L) * 1_000_000L;
        StringBuilder body = new StringBuilder("[");
        for (String id : ensureRunIds) {
            body.append(body.length() > 1 ? "," : "").append("{\"flow\":\"").append(flow)
                    .append("\",\"id\":\"done\",\"run_id\":\"r-").append(id)
                    .append("\",\"type\":\"act\",\"data\":{},\"ts\":").append(ts).append(",\"dep_ids\":[\"start\"]}");
        }
        HttpResponse<String> response = api.send("POST", "/v1/events-batch", body.append(']').toString(), Map.of(), TIMEOUT);
        if (response.statusCode() != 200) {
            throw new AssertionError("done events: " + response.statusCode() + " " + response.body());
        }
    }

    static Map<String, Object> run(ApiClient api, String id) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send("GET", "/v1/ensure-runs/" + id, null, Map.of(), TIMEOUT);
        if (response.statusCode() != 200) {
            throw new AssertionError("run " + id + ": " + response.statusCode() + " " + response.body());
        }
        return WireJson.readObject(response.body());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(ApiClient api, String flow) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send("GET", "/v1/ensure-runs?flow=" + flow + "&limit=1000", null, Map.of(), TIMEOUT);
        if (response.statusCode() != 200) {
            throw new AssertionError("runs of " + flow + ": " + response.statusCode() + " " + response.body());
        }
        return (List<Map<String, Object>>) WireJson.read(response.body());
    }

    /** Waits until every run in {@code ids} is in a final state; their final states. */
    static Map<String, Map<String, Object>> awaitFinal(ApiClient api, List<String> ids, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Map<String, Object>> finished = new HashMap<>();
        while (true) {
            for (String id : ids) {
                if (!finished.containsKey(id)) {
                    Map<String, Object> run = run(api, id);
                    if (FINAL.contains((String) run.get("state"))) {
                        finished.put(id, run);
                    }
                }
            }
            if (finished.size() == ids.size()) {
                return finished;
            }
            if (System.nanoTime() >= deadline) {
                List<String> open = new ArrayList<>(ids);
                open.removeAll(finished.keySet());
                throw new AssertionError(open.size() + " of " + ids.size() + " ensure runs not finished within " + within
                        + ", e.g. " + run(api, open.get(0)));
            }
            AppProcess.sleep(Duration.ofMillis(500));
        }
    }

    /** The run's steps as {@code (step_id, attempt, status)}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(Map<String, Object> run) {
        return (List<Map<String, Object>>) run.get("steps");
    }
}
