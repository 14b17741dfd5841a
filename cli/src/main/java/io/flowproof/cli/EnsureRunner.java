package io.flowproof.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts one ensure run per flow ({@code POST /v1/ensure-runs}), at most {@code parallel} at once, and follows each
 * with {@code GET /v1/ensure-runs/{id}} until the server reports it finished. The server does the work (triggers,
 * evaluation, deadline); the CLI only watches, so a run survives the CLI being stopped.
 *
 * <p>A run the server has not finished 30 s after its deadline (its poller is off or stuck) is reported as
 * {@code timed_out} by the CLI. A failure that affects every flow (server unreachable, key rejected) stops the whole
 * command; any other failure (unknown flow, invalid trigger) becomes that flow's {@code error}.
 */
final class EnsureRunner {

    static final Duration GRACE_AFTER_DEADLINE = Duration.ofSeconds(30);
    private static final int POLL_FAILURES_TOLERATED = 3;

    record Options(String idempotencyKey, Long timeoutMs, Long pollIntervalMs, Duration refresh) {
    }

    private final ApiClient api;
    private final Options options;
    private final Progress progress;
    private final Clock clock;

    EnsureRunner(ApiClient api, Options options, Progress progress, Clock clock) {
        this.api = api;
        this.options = options;
        this.progress = progress;
        this.clock = clock;
    }

    List<FlowOutcome> run(List<String> flows, int parallel) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, flows.size())), runnable -> {
            Thread thread = new Thread(runnable, "flowproof-ensure");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<FlowOutcome>> futures = new ArrayList<>();
            flows.forEach(flow -> futures.add(pool.submit(() -> ensure(flow))));
            List<FlowOutcome> outcomes = new ArrayList<>();
            for (Future<FlowOutcome> future : futures) {
                outcomes.add(await(future));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static FlowOutcome await(Future<FlowOutcome> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("Interrupted", 0, true);
        }
    }

    FlowOutcome ensure(String flow) {
        long started = clock.millis();
        progress.starting(flow);
        JsonNode run;
        try {
            run = api.post("/v1/ensure-runs", startBody(flow));
        } catch (CliFailure e) {
            if (e.fatal()) {
                throw e;
            }
            String message = e.status() == 404 ? "Flow '" + flow + "' is not known to the server: " + e.getMessage() : e.getMessage();
            FlowOutcome outcome = FlowOutcome.error(flow, message, clock.millis() - started);
            progress.finished(outcome);
            return outcome;
        }
        String id = Json.text(run, "id");
        if (Status.finished(Json.text(run, "state"))) {
            run = detailOr(id, run); // the start answer has no evaluation; the server may finish a run while starting it
        }
        int failures = 0;
        while (true) {
            long elapsed = clock.millis() - started;
            if (Status.finished(Json.text(run, "state"))) {
                FlowOutcome outcome = outcome(flow, run, elapsed);
                progress.finished(outcome);
                return outcome;
            }
            progress.running(flow, run);
            if (pastGrace(run)) {
                FlowOutcome outcome = new FlowOutcome(flow, "timed_out", id, Json.text(run, "run_id"),
                        "The server did not finish ensure run " + id + " by its deadline (" + Json.text(run, "deadline")
                                + "); is its poller running?", run.get("evaluation"), elapsed);
                progress.finished(outcome);
                return outcome;
            }
            sleep(options.refresh());
            try {
                run = api.get("/v1/ensure-runs/" + ApiClient.encodePath(id));
                failures = 0;
            } catch (CliFailure e) {
                if (e.fatal() && e.status() != 0 || ++failures > POLL_FAILURES_TOLERATED) {
                    throw e;
                }
            }
        }
    }

    private JsonNode detailOr(String id, JsonNode fallback) {
        try {
            return api.get("/v1/ensure-runs/" + ApiClient.encodePath(id));
        } catch (CliFailure e) {
            if (e.fatal()) {
                throw e;
            }
            return fallback;
        }
    }

    private ObjectNode startBody(String flow) {
        ObjectNode body = Json.object().put("flow", flow);
        if (options.idempotencyKey() != null) {
            body.put("idempotency_key", options.idempotencyKey());
        }
        if (options.timeoutMs() != null) {
            body.put("timeout_ms", options.timeoutMs());
        }
        if (options.pollIntervalMs() != null) {
            body.put("poll_interval_ms", options.pollIntervalMs());
        }
        return body;
    }

    private static FlowOutcome outcome(String flow, JsonNode run, long elapsed) {
        JsonNode evaluation = run.get("evaluation");
        return new FlowOutcome(flow, Json.text(run, "state"), Json.text(run, "id"), Json.text(run, "run_id"), Json.text(run, "error"),
                evaluation == null || evaluation.isNull() ? null : evaluation, elapsed);
    }

    private boolean pastGrace(JsonNode run) {
        String deadline = Json.text(run, "deadline");
        if (deadline == null) {
            return false;
        }
        try {
            return clock.instant().isAfter(Instant.parse(deadline).plus(GRACE_AFTER_DEADLINE));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("Interrupted", 0, true);
        }
    }
}
