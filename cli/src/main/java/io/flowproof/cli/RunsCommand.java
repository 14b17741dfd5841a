package io.flowproof.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code flowproof runs}: recent ensure runs, newest first ({@code GET /v1/ensure-runs}). */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent ensure runs, newest first.")
final class RunsCommand implements Callable<Integer> {

    @ParentCommand
    FlowproofCommand root;

    @Option(names = "--flow", paramLabel = "F", description = "Only this flow")
    String flow;

    @Option(names = "--state", paramLabel = "S",
            description = "Only this state: pending, triggering, waiting, passed, failed, timed_out, cancelled, error")
    String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most N runs (default: ${DEFAULT-VALUE}, max 1000)")
    int limit;

    @Option(names = {"--json", "--json-output"}, description = "Print the server's JSON")
    boolean json;

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("flow", flow);
        query.put("state", state);
        query.put("limit", Integer.toString(limit));
        JsonNode runs = root.client().get("/v1/ensure-runs", query);
        PrintWriter out = root.env.out();
        if (json) {
            out.println(Json.pretty(runs));
            return 0;
        }
        if (runs.isEmpty()) {
            out.println("No ensure runs");
            return 0;
        }
        for (JsonNode run : runs) {
            String runState = Json.text(run, "state");
            out.println(String.format("%s %s %-24s %-10s run %-20s %s%s", Json.text(run, "created_at"), Status.symbol(runState),
                    Json.text(run, "flow"), runState, Json.text(run, "run_id") == null ? "-" : Json.text(run, "run_id"),
                    Json.text(run, "id"), Json.text(run, "error") == null ? "" : "  " + Json.text(run, "error")));
        }
        return 0;
    }
}
