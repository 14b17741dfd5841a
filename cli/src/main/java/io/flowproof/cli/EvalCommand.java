package io.flowproof.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code flowproof eval RUN_ID FLOW}: evaluate one run now ({@code POST /v1/run-eval}; the result is stored). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a run of a flow now (the result is stored).",
        footer = {"", "Exit codes: 0 passed or still running, 1 failed, error or timed out (or a request failed), 2 usage error."})
final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    FlowproofCommand root;

    @Parameters(index = "0", paramLabel = "RUN_ID")
    String runId;

    @Parameters(index = "1", paramLabel = "FLOW")
    String flow;

    @Option(names = "--start-node", paramLabel = "N", description = "Evaluate only the subgraph below this node")
    String startNode;

    @Option(names = {"--json", "--json-output"}, description = "Print the evaluation as JSON")
    boolean json;

    @Override
    public Integer call() {
        ObjectNode body = Json.object().put("run_id", runId).put("flow", flow);
        if (startNode != null) {
            body.put("start_node_id", startNode);
        }
        JsonNode result = root.client().post("/v1/run-eval", body);
        String status = Json.text(result, "status");
        PrintWriter out = root.env.out();
        if (json) {
            ObjectNode document = Json.object().put("run_id", runId).put("flow", flow);
            document.setAll((ObjectNode) result);
            document.put("elapsed_ms", result.path("elapsed_ns").asLong() / 1e6);
            out.println(Json.pretty(document));
        } else {
            out.println(Status.symbol(status) + " " + flow + " run " + runId + ": " + status + " ("
                    + result.path("ev_ids").size() + " events, " + result.path("graph").size() + " nodes)");
            for (JsonNode item : result.path("exec_info")) {
                out.println("    " + Status.symbol(Json.text(item, "status")) + " " + Json.text(item, "node_id") + ": "
                        + EnsureReport.reason(item));
            }
        }
        return switch (status == null ? "" : status) {
            case "failed", "error", "timed_out" -> 1;
            default -> 0;
        };
    }
}
