package io.flowproof.infra.notify;

import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.NodeExecInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The text tree of a Slack notification: roots are the nodes without dependencies, each node's children are the
 * nodes that depend on it, both sorted; a node reached twice is drawn once (under its first parent).
 *
 * <pre>
 * ✅ cart_created
 *     └─→ ✅ payment_processed
 *         └─→ ❌ order_confirmed
 * </pre>
 *
 * The original reads {@code graph} (node → its deps) as if it were parent → children and draws the tree upside
 * down; here it is inverted first. Otherwise the layout is the original's: root children are indented by four
 * spaces, a blank line separates root trees, and a graph with no root (a cycle) is a sorted list.
 */
final class AsciiGraph {

    private AsciiGraph() {}

    static String render(EvalResult result) {
        Map<String, List<String>> graph = result == null ? Map.of() : result.graph();
        if (graph == null || graph.isEmpty()) {
            return "(no graph)";
        }
        Map<String, String> statuses = new HashMap<>();
        for (NodeExecInfo info : result.execInfo()) {
            statuses.put(info.nodeId(), info.status().wireName());
        }
        Set<String> nodes = new TreeSet<>();
        Map<String, Set<String>> children = new TreeMap<>();
        graph.forEach((node, deps) -> {
            nodes.add(node);
            for (String dep : deps) {
                nodes.add(dep);
                children.computeIfAbsent(dep, d -> new TreeSet<>()).add(node);
            }
        });
        List<String> roots = nodes.stream().filter(node -> graph.getOrDefault(node, List.of()).isEmpty()).toList();
        List<String> lines = new ArrayList<>();
        if (roots.isEmpty()) {
            nodes.forEach(node -> lines.add(emoji(statuses.get(node)) + " " + node));
            return String.join("\n", lines);
        }
        Set<String> visited = new HashSet<>();
        for (int i = 0; i < roots.size(); i++) {
            if (i > 0) {
                lines.add("");
            }
            draw(roots.get(i), "", i == roots.size() - 1, true, children, statuses, visited, lines);
        }
        return String.join("\n", lines);
    }

    private static void draw(String node, String prefix, boolean last, boolean root, Map<String, Set<String>> children,
            Map<String, String> statuses, Set<String> visited, List<String> lines) {
        if (!visited.add(node)) {
            return;
        }
        String label = emoji(statuses.get(node)) + " " + node;
        lines.add(root ? label : prefix + (last ? "└─→ " : "├─→ ") + label);
        List<String> next = List.copyOf(children.getOrDefault(node, Set.of()));
        String childPrefix = prefix + (last || root ? "    " : "│   ");
        for (int i = 0; i < next.size(); i++) {
            draw(next.get(i), childPrefix, i == next.size() - 1, false, children, statuses, visited, lines);
        }
    }

    static String emoji(String status) {
        if (status == null) {
            return "❓";
        }
        return switch (status) {
            case "passed" -> "✅";
            case "failed", "error", "timed_out" -> "❌";
            case "running" -> "⏳";
            case "pending", "skipped" -> "⏸️";
            default -> "❓";
        };
    }
}
