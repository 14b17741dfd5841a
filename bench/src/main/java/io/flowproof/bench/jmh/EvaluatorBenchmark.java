package io.flowproof.bench.jmh;

import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.Evaluator;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.RunRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Evaluator#evaluate} alone (no database, no JSON) on one run of an N-node chain, one event per node, as
 * {@code POST /v1/run-eval} evaluates it. Every fifth node carries a CEL validator against its upstream event, so
 * expression evaluation is part of the cost, as in a real flow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EvaluatorBenchmark {

    @Param({"5", "100", "1000"})
    public int nodes;

    private Evaluator evaluator;
    private RunRef run;
    private List<Event> events;
    private List<NodeDefinition> definitions;
    private long nowNs;

    @Setup(Level.Trial)
    public void setUp() {
        evaluator = new Evaluator(new Expressions(List.of(new CelExpressionEngine(), new JsExpressionEngine(),
                new PythonExpressionEngine())), System::nanoTime);
        run = new RunRef("run-0", "graph" + nodes);
        events = new ArrayList<>(nodes);
        definitions = new ArrayList<>(nodes);
        long ts = 1_795_547_220_000_000_000L;
        for (int i = 1; i <= nodes; i++) {
            String id = "n" + i;
            NodeDefinition node = NodeDefinition.of(run.flow(), id, NodeType.ACT, i == 1 ? List.of() : List.of("n" + (i - 1)));
            if (i > 1 && i % 5 == 0) {
                node = node.withValidator(Expr.cel("data.node == ctx.data.node + 1"));
            }
            definitions.add(node);
            events.add(new Event("e" + i, run.flow(), id, run.runId(), NodeType.ACT, Map.of("node", (long) i), ts + i));
        }
        nowNs = ts + 1_000_000L;
        EvalResult check = evaluate();
        if (check.status() != EvalStatus.PASSED) {
            throw new IllegalStateException("The " + nodes + "-node graph evaluates as " + check.status());
        }
    }

    @Benchmark
    public EvalResult evaluate() {
        return evaluator.evaluate(run, null, events, definitions, nowNs);
    }
}
