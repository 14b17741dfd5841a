package io.flowproof.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code flowproof ensure [FLOW...]}: prove flows work end to end by starting and watching server-side ensure runs. */
@Command(name = "ensure", mixinStandardHelpOptions = true,
        description = {"Start an ensure run per flow (fires its triggers, waits for the run to pass, fail or time out).",
                "Without FLOW: every flow that has trigger nodes."},
        footer = {"", "Exit codes: 0 every run passed, 1 any run failed, errored, timed out or was cancelled, 2 usage error."})
final class EnsureCommand implements Callable<Integer> {

    @ParentCommand
    FlowproofCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FLOW", arity = "0..*", description = "Flows to ensure (default: all flows with triggers)")
    List<String> flows = new ArrayList<>();

    @Option(names = {"-p", "--parallel"}, paramLabel = "N", defaultValue = "1", description = "Runs at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--live", description = "Redraw one status line per flow in place (on a terminal)")
    boolean live;

    @Option(names = {"--json", "--json-output"}, description = "Print only JSON to stdout (progress goes to stderr)")
    boolean json;

    @Option(names = "--max-timeout", paramLabel = "MS", description = "Deadline of each run (default: the flow's ensure.timeout_ms, 30000)")
    Long maxTimeout;

    @Option(names = {"--poll-interval", "--polling-interval"}, paramLabel = "MS",
            description = "How often the server re-evaluates a waiting run (default: the flow's ensure.poll_interval_ms, 2000)")
    Long pollInterval;

    @Option(names = "--idempotency-key", paramLabel = "K",
            description = "Start at most one run per flow with this key; repeating the command follows the existing run")
    String idempotencyKey;

    @Override
    public Integer call() {
        validate();
        CliEnv env = root.env;
        ApiClient api = root.client();
        long started = env.clock().millis();
        List<String> selected = flows.isEmpty() ? flowsWithTriggers(api) : flows;
        if (selected.isEmpty()) {
            env.err().println("✗ No flows with trigger nodes found on " + api.connection().url());
            return 1;
        }
        PrintWriter progressOut = json ? env.err() : env.out();
        boolean redraw = live && env.tty() && !json;
        progressOut.println("Ensuring " + selected.size() + (selected.size() == 1 ? " flow" : " flows") + " on "
                + api.connection().url() + (selected.size() > 1 ? " (" + parallel + " at a time)" : ""));
        long refresh = Math.max(100, Math.min(pollInterval == null ? 500 : pollInterval, 500));
        List<FlowOutcome> outcomes;
        try (Progress progress = new Progress(progressOut, redraw, env.clock(), selected)) {
            EnsureRunner runner = new EnsureRunner(api, new EnsureRunner.Options(idempotencyKey, maxTimeout, pollInterval,
                    Duration.ofMillis(refresh)), progress, env.clock());
            outcomes = runner.run(selected, parallel);
        }
        long total = env.clock().millis() - started;

        EnsureReport.printFailures(progressOut, outcomes, failedValidators(api, outcomes));
        progressOut.println();
        progressOut.println(EnsureReport.summaryLine(outcomes, total));
        progressOut.flush();
        if (json) {
            env.out().println(Json.pretty(EnsureReport.json(outcomes, total)));
            env.out().flush();
        }
        return outcomes.stream().allMatch(FlowOutcome::passed) ? 0 : 1;
    }

    private void validate() {
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1, not " + parallel);
        }
        if (maxTimeout != null && maxTimeout <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-timeout must be a positive number of milliseconds");
        }
        if (pollInterval != null && pollInterval <= 0) {
            throw new ParameterException(spec.commandLine(), "--poll-interval must be a positive number of milliseconds");
        }
    }

    /** {@code GET /v1/flows}, the flows with {@code trigger_nodes > 0}, sorted by name. */
    static List<String> flowsWithTriggers(ApiClient api) {
        List<String> names = new ArrayList<>();
        for (JsonNode flow : api.get("/v1/flows")) {
            if (flow.path("trigger_nodes").asLong() > 0) {
                names.add(Json.text(flow, "flow"));
            }
        }
        names.sort(null);
        return names;
    }

    /** The validators of nodes whose validator failed ({@code GET /v1/nodes}), to print them next to the failure. */
    private static Map<String, String> failedValidators(ApiClient api, List<FlowOutcome> outcomes) {
        boolean anyValidatorFailed = outcomes.stream().filter(o -> o.evaluation() != null)
                .anyMatch(o -> o.evaluation().path("exec_info").valueStream()
                        .anyMatch(item -> String.valueOf(Json.text(item, "error")).startsWith("Validator")));
        Map<String, String> validators = new HashMap<>();
        if (!anyValidatorFailed) {
            return validators;
        }
        try {
            for (JsonNode node : api.get("/v1/nodes")) {
                JsonNode validator = node.get("validator");
                if (validator != null && validator.isObject()) {
                    validators.put(Json.text(node, "flow") + "/" + Json.text(node, "id"),
                            Json.text(validator, "engine") + ": " + Json.text(validator, "script"));
                }
            }
        } catch (CliFailure e) {
            // only a nicer message; the failure itself is already known
        }
        return validators;
    }
}
