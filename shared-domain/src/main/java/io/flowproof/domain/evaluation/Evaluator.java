package io.flowproof.domain.evaluation;

import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.Verdict;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.RunRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Evaluates one run of a flow: a pure function of (events, nodes, now), following
 * {@code contract/evaluation.md} rule for rule and message for message.
 *
 * <p>Two passes over the layered graph: pass 1 matches events to nodes and drops the ones a filter
 * rejects; pass 2 validates each node (validators, timeout conditions, missing events). The work is
 * linear in nodes + events + edges: events are grouped by node once, and each node's {@code ctx} is built
 * once from its deps' accepted events.
 */
public final class Evaluator {

    static final long DEFAULT_TIMEOUT_MS = 10_000;

    private final Expressions expressions;
    private final LongSupplier nanoTime;

    /**
     * @param expressions the engines filters and validators run on
     * @param nanoTime a monotonic clock used only to report {@code elapsed_ns}
     */
    public Evaluator(Expressions expressions, LongSupplier nanoTime) {
        this.expressions = expressions;
        this.nanoTime = nanoTime;
    }

    /**
     * @param run the run and flow
     * @param startNodeId evaluate only this node and what is downstream of it, or {@code null}
     * @param events the run's events (any order; sorted here by ts, ties keep the given order)
     * @param nodes the flow's active nodes, in creation order
     * @param nowNs the current time in nanoseconds since the epoch
     * @throws EvaluationException when there are no events or nodes, the graph has a cycle, or the start
     *     node is unknown
     */
    public EvalResult evaluate(RunRef run, String startNodeId, List<Event> events, List<NodeDefinition> nodes, long nowNs) {
        if (events.isEmpty()) {
            throw EvaluationException.noEvents(run.runId(), run.flow());
        }
        if (nodes.isEmpty()) {
            throw EvaluationException.noNodes(run.flow());
        }
        FlowGraph graph = FlowGraph.of(nodes, startNodeId);
        Map<String, List<Event>> byNode = groupByNode(events);
        Run state = new Run(run.flow());

        matchEvents(graph, byNode, state);
        long started = nanoTime.getAsLong();
        List<NodeExecInfo> items = validateNodes(graph, state, nowNs);
        long elapsed = nanoTime.getAsLong() - started;

        return new EvalResult(overall(items), elapsed, graphOutput(graph), items, state.acceptedInLayerOrder);
    }

    /** Pass 1: accept each node's events unless its filter rejects them. */
    private void matchEvents(FlowGraph graph, Map<String, List<Event>> byNode, Run state) {
        for (List<String> layer : graph.layers()) {
            for (String id : layer) {
                NodeDefinition node = graph.node(id);
                if (node == null) {
                    continue;
                }
                List<Event> candidates = byNode.getOrDefault(id, List.of());
                List<Event> accepted = new ArrayList<>(candidates.size());
                Upstream upstream = state.upstream(node);
                for (Event event : candidates) {
                    if (node.filter() == null) {
                        accepted.add(event);
                        continue;
                    }
                    Verdict verdict = expressions.test(node.filter(), event.data(), upstream.ctx);
                    if (verdict.passed()) {
                        accepted.add(event);
                    } else if (verdict.detail() != null) {
                        state.filterDetails.put(id, "filter: " + verdict.detail());
                    }
                }
                state.accepted.put(id, accepted);
                for (Event event : accepted) {
                    state.acceptedInLayerOrder.add(event.id());
                }
            }
        }
    }

    /** Pass 2: one exec_info item per defined node, in layer order. */
    private List<NodeExecInfo> validateNodes(FlowGraph graph, Run state, long nowNs) {
        List<NodeExecInfo> items = new ArrayList<>();
        for (List<String> layer : graph.layers()) {
            for (String id : layer) {
                NodeDefinition node = graph.node(id);
                if (node == null) {
                    continue;
                }
                long started = nanoTime.getAsLong();
                List<Event> accepted = state.accepted.get(id);
                NodeExecInfo item = accepted.isEmpty()
                        ? missingEvents(node, state.upstream(node), nowNs, state.filterDetails.get(id))
                        : validateEvents(node, accepted, state.upstream(node));
                items.add(withElapsed(item, nanoTime.getAsLong() - started));
            }
        }
        return items;
    }

    /** §4a: a node none of whose events arrived (or survived its filter). */
    private NodeExecInfo missingEvents(NodeDefinition node, Upstream upstream, long nowNs, String detail) {
        List<Condition> conditions = node.conditionsOrEmpty();
        boolean waitsForEvent = node.type() == NodeType.ASSERT
                || (node.type() == NodeType.ACT && !conditions.isEmpty());
        if (!waitsForEvent) {
            return item(node, EvalStatus.SKIPPED, "No events for this node", null, List.of(), List.of(), detail);
        }
        if (upstream.maxTs == null) {
            return item(node, EvalStatus.SKIPPED, "Waiting for upstream dependency", null, List.of(), List.of(), detail);
        }
        long timeoutMs = firstTimeout(conditions);
        double elapsedMs = (nowNs - upstream.maxTs) / 1e6;
        if (elapsedMs < timeoutMs) {
            String message = "Waiting for event (" + PythonNumbers.roundHalfEven(elapsedMs) + "ms / " + timeoutMs
                    + "ms elapsed, " + PythonNumbers.roundHalfEven(timeoutMs - elapsedMs) + "ms remaining)";
            return item(node, EvalStatus.RUNNING, message, null, List.of(), List.of(), detail);
        }
        return item(node, EvalStatus.FAILED, "Timeout: No event received within " + timeoutMs + "ms", null,
                List.of(), List.of(), detail);
    }

    /** §4b: validators and timeout conditions over the node's accepted events, in ts order. */
    private NodeExecInfo validateEvents(NodeDefinition node, List<Event> accepted, Upstream upstream) {
        EvalStatus status = EvalStatus.RUNNING;
        String message = null;
        String error = null;
        String detail = null;
        for (Event event : accepted) {
            if (status == EvalStatus.FAILED) {
                break;
            }
            if (node.validator() != null) {
                Verdict verdict = expressions.test(node.validator(), event.data(), upstream.ctx);
                if (!verdict.passed()) {
                    error = "Validator assertion failed";
                    status = EvalStatus.FAILED;
                    detail = verdict.detail() == null ? null : "validator: " + verdict.detail();
                    break;
                }
                message = "Validator passed";
                status = EvalStatus.PASSED;
            }
            if (upstream.maxTs == null) {
                continue;
            }
            for (Condition condition : node.conditionsOrEmpty()) {
                if (!condition.hasTimeout()) {
                    continue;
                }
                double diffMs = (event.ts() - upstream.maxTs) / 1e6;
                if (diffMs > condition.timeoutMs()) {
                    String exceeded = "Timeout exceeded: " + PythonNumbers.floatRepr(diffMs) + "ms > "
                            + condition.timeoutMs() + "ms";
                    error = error == null ? exceeded : error + "\n" + exceeded;
                    status = EvalStatus.FAILED;
                } else {
                    if (message == null) {
                        message = "Timeout satisfied: " + PythonNumbers.floatRepr(diffMs) + "ms <= "
                                + condition.timeoutMs() + "ms";
                    }
                    if (status == EvalStatus.RUNNING) {
                        status = EvalStatus.PASSED;
                    }
                }
            }
        }
        if (status == EvalStatus.RUNNING) {
            if (!node.depIds().isEmpty() && upstream.eventIds.isEmpty()) {
                status = EvalStatus.FAILED;
                message = "No upstream events found for dependencies";
            } else {
                status = EvalStatus.PASSED;
                message = "Node validation passed";
            }
        }
        return item(node, status, message, error, ids(accepted), upstream.eventIds, detail);
    }

    private static long firstTimeout(List<Condition> conditions) {
        for (Condition condition : conditions) {
            if (condition.hasTimeout()) {
                return condition.timeoutMs();
            }
        }
        return DEFAULT_TIMEOUT_MS;
    }

    private static EvalStatus overall(List<NodeExecInfo> items) {
        boolean running = false;
        for (NodeExecInfo item : items) {
            if (item.status() == EvalStatus.FAILED) {
                return EvalStatus.FAILED;
            }
            running |= item.status() == EvalStatus.RUNNING;
        }
        return running ? EvalStatus.RUNNING : EvalStatus.PASSED;
    }

    private static Map<String, List<String>> graphOutput(FlowGraph graph) {
        Map<String, List<String>> output = new LinkedHashMap<>();
        for (List<String> layer : graph.layers()) {
            for (String id : layer) {
                NodeDefinition node = graph.node(id);
                if (node != null) {
                    output.put(id, node.depIds());
                }
            }
        }
        return output;
    }

    private static Map<String, List<Event>> groupByNode(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Event::ts)); // stable: ties keep store order
        Map<String, List<Event>> byNode = new HashMap<>();
        for (Event event : sorted) {
            byNode.computeIfAbsent(event.nodeId(), k -> new ArrayList<>(2)).add(event);
        }
        return byNode;
    }

    private static List<String> ids(List<Event> events) {
        List<String> ids = new ArrayList<>(events.size());
        for (Event event : events) {
            ids.add(event.id());
        }
        return ids;
    }

    private static NodeExecInfo item(NodeDefinition node, EvalStatus status, String message, String error,
            List<String> evIds, List<String> upstreamEvIds, String detail) {
        return new NodeExecInfo(node.id(), node.depIds(), status, message, error, 0, evIds, upstreamEvIds, detail);
    }

    private static NodeExecInfo withElapsed(NodeExecInfo item, long elapsedNs) {
        return new NodeExecInfo(item.nodeId(), item.depNodeIds(), item.status(), item.message(), item.error(),
                elapsedNs, item.evIds(), item.upstreamEvIds(), item.detail());
    }

    /** What one evaluation has learnt so far: accepted events per node, and each node's upstream. */
    private static final class Run {
        final String flow;
        final Map<String, List<Event>> accepted = new HashMap<>();
        final List<String> acceptedInLayerOrder = new ArrayList<>();
        final Map<String, String> filterDetails = new HashMap<>();
        final Map<String, Upstream> upstreams = new HashMap<>();

        Run(String flow) {
            this.flow = flow;
        }

        /** Built once per node, the first time it is asked for (its deps are all in earlier layers). */
        Upstream upstream(NodeDefinition node) {
            Upstream known = upstreams.get(node.id());
            if (known == null) {
                known = Upstream.of(flow, node, accepted);
                upstreams.put(node.id(), known);
            }
            return known;
        }
    }

    /** The {@code ctx} of a node (§5), its upstream event ids, and the latest upstream ts. */
    private record Upstream(Map<String, Object> ctx, List<String> eventIds, Long maxTs) {

        static Upstream of(String flow, NodeDefinition node, Map<String, List<Event>> accepted) {
            List<Object> deps = new ArrayList<>();
            List<String> eventIds = new ArrayList<>();
            Long maxTs = null;
            for (String dep : node.depIds()) {
                for (Event event : accepted.getOrDefault(dep, List.of())) {
                    Map<String, Object> entry = new LinkedHashMap<>(4);
                    entry.put("flow", flow);
                    entry.put("id", dep);
                    entry.put("data", event.data());
                    deps.add(entry);
                    eventIds.add(event.id());
                    maxTs = maxTs == null ? event.ts() : Math.max(maxTs, event.ts());
                }
            }
            Map<String, Object> ctx = new LinkedHashMap<>(4);
            ctx.put("deps", deps);
            if (deps.size() == 1) {
                ctx.put("data", ((Map<?, ?>) deps.get(0)).get("data"));
            }
            return new Upstream(ctx, eventIds, maxTs);
        }
    }
}
