package io.flowproof.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The end of {@code flowproof ensure}: why flows did not pass, the summary line, and the {@code --json} document. */
final class EnsureReport {

    private EnsureReport() {
    }

    /**
     * Per flow that did not pass: its ensure run, the error, and every node that did not pass with its reason
     * (message, error, detail, and the node's validator when the validator failed).
     *
     * @param validators {@code flow/node -> "engine: script"}, for naming a failed validator (may be empty)
     */
    static void printFailures(PrintWriter out, List<FlowOutcome> outcomes, Map<String, String> validators) {
        for (FlowOutcome outcome : outcomes) {
            if (outcome.passed()) {
                continue;
            }
            out.println();
            out.println(Status.symbol(outcome.status()) + " " + outcome.flow() + ": " + outcome.status()
                    + (outcome.runId() == null ? "" : " (run " + outcome.runId() + ")")
                    + (outcome.ensureRunId() == null ? "" : " — ensure run " + outcome.ensureRunId()));
            if (outcome.error() != null) {
                out.println("    " + outcome.error());
            }
            if (outcome.evaluation() != null) {
                for (JsonNode item : outcome.evaluation().path("exec_info")) {
                    String status = Json.text(item, "status");
                    if (!"passed".equals(status)) {
                        String node = Json.text(item, "node_id");
                        out.println("    " + Status.symbol(status) + " " + node + ": " + reason(item)
                                + validatorNote(item, validators.get(outcome.flow() + "/" + node)));
                    }
                }
            }
        }
    }

    /** {@code message — error (detail)}, leaving out what is missing. */
    static String reason(JsonNode item) {
        StringBuilder text = new StringBuilder();
        for (String field : new String[] {"message", "error", "detail"}) {
            String value = Json.text(item, field);
            if (value != null && !value.isBlank() && text.indexOf(value) < 0) {
                text.append(text.isEmpty() ? "" : " — ").append(value);
            }
        }
        return text.isEmpty() ? String.valueOf(Json.text(item, "status")) : text.toString();
    }

    private static String validatorNote(JsonNode item, String validator) {
        String error = Json.text(item, "error");
        return validator != null && error != null && error.startsWith("Validator") ? " (validator " + validator + ")" : "";
    }

    static String summaryLine(List<FlowOutcome> outcomes, long totalMs) {
        long passed = outcomes.stream().filter(FlowOutcome::passed).count();
        Map<String, Integer> others = new HashMap<>();
        outcomes.stream().filter(o -> !o.passed()).forEach(o -> others.merge(o.status(), 1, Integer::sum));
        StringBuilder text = new StringBuilder("Summary: ").append(outcomes.size()).append(outcomes.size() == 1 ? " flow, " : " flows, ")
                .append(passed).append(" passed");
        for (String status : new String[] {"failed", "error", "timed_out", "cancelled"}) {
            if (others.containsKey(status)) {
                text.append(", ").append(others.get(status)).append(' ').append(status);
            }
        }
        return text.append(" in ").append(Progress.seconds(totalMs)).toString();
    }

    /**
     * The contract's {@code --json-output} document: {@code summary} ({@code failed} counts every status other than
     * passed) and one item per flow with {@code elapsed_ms} = the evaluation's {@code elapsed_ns}/1e6 (as the
     * original), {@code nodes} = graph size, {@code events} = ev_ids count. Flowproof adds {@code run_id},
     * {@code ensure_run_id}, {@code error} and {@code wall_ms} to each flow.
     */
    static ObjectNode json(List<FlowOutcome> outcomes, long totalMs) {
        ObjectNode root = Json.object();
        long passed = outcomes.stream().filter(FlowOutcome::passed).count();
        root.putObject("summary")
                .put("total", outcomes.size())
                .put("passed", passed)
                .put("failed", outcomes.size() - passed)
                .put("total_elapsed_ms", (double) totalMs);
        ArrayNode flows = root.putArray("flows");
        for (FlowOutcome outcome : outcomes) {
            JsonNode evaluation = outcome.evaluation();
            ObjectNode flow = flows.addObject()
                    .put("flow", outcome.flow())
                    .put("status", outcome.status())
                    .put("elapsed_ms", evaluation != null && evaluation.has("elapsed_ns")
                            ? evaluation.get("elapsed_ns").asLong() / 1e6 : (double) outcome.wallMs())
                    .put("nodes", evaluation == null ? 0 : evaluation.path("graph").size())
                    .put("events", evaluation == null ? 0 : evaluation.path("ev_ids").size());
            ArrayNode items = flow.putArray("exec_info");
            if (evaluation != null) {
                for (JsonNode item : evaluation.path("exec_info")) {
                    items.addObject()
                            .put("node_id", Json.text(item, "node_id"))
                            .put("status", Json.text(item, "status"))
                            .put("message", Json.text(item, "message"))
                            .put("error", Json.text(item, "error"))
                            .put("elapsed_ms", item.path("elapsed_ns").asLong() / 1e6);
                }
            }
            flow.put("run_id", outcome.runId())
                    .put("ensure_run_id", outcome.ensureRunId())
                    .put("error", outcome.error())
                    .put("wall_ms", outcome.wallMs());
        }
        return root;
    }
}
