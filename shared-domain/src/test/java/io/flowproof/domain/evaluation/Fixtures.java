package io.flowproof.domain.evaluation;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.RunRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test-data builders for evaluations: nodes and events of flow {@code f}, run {@code r1}. */
final class Fixtures {

    static final long BASE = 1_700_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final RunRef RUN = new RunRef("r1", "f");

    private Fixtures() {}

    static Evaluator evaluator() {
        return new Evaluator(new Expressions(List.of(new CelExpressionEngine())), System::nanoTime);
    }

    static NodeBuilder act(String id, String... deps) {
        return new NodeBuilder(id, NodeType.ACT, deps);
    }

    static NodeBuilder assertion(String id, String... deps) {
        return new NodeBuilder(id, NodeType.ASSERT, deps);
    }

    static NodeBuilder node(String id, NodeType type, String... deps) {
        return new NodeBuilder(id, type, deps);
    }

    static Event event(String id, String nodeId, long ts) {
        return event(id, nodeId, ts, Map.of());
    }

    static Event event(String id, String nodeId, long ts, Map<String, Object> data) {
        return new Event(id, "f", nodeId, "r1", NodeType.ACT, data, ts);
    }

    static List<NodeDefinition> nodes(NodeBuilder... builders) {
        List<NodeDefinition> nodes = new ArrayList<>();
        for (NodeBuilder builder : builders) {
            nodes.add(builder.build());
        }
        return nodes;
    }

    static NodeExecInfo item(EvalResult result, String nodeId) {
        return result.execInfo().stream().filter(i -> i.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no exec_info item for " + nodeId));
    }

    static final class NodeBuilder {
        private NodeDefinition node;

        NodeBuilder(String id, NodeType type, String... deps) {
            node = NodeDefinition.of("f", id, type, Arrays.asList(deps));
        }

        NodeBuilder validator(String celScript) {
            node = node.withValidator(Expr.cel(celScript));
            return this;
        }

        NodeBuilder validator(Expr expr) {
            node = node.withValidator(expr);
            return this;
        }

        NodeBuilder filter(Expr expr) {
            node = node.withFilter(expr);
            return this;
        }

        NodeBuilder filter(String celScript) {
            node = node.withFilter(Expr.cel(celScript));
            return this;
        }

        NodeBuilder timeouts(Long... timeoutsMs) {
            List<Condition> conditions = new ArrayList<>();
            for (Long t : timeoutsMs) {
                conditions.add(new Condition(t));
            }
            node = node.withConditions(conditions);
            return this;
        }

        NodeDefinition build() {
            return node;
        }
    }
}
