package io.flowproof.domain.expression;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Evaluations per second of typical validators on one thread, per engine, through {@link Expressions#test}
 * (the evaluator's path: cache lookup, evaluation, verdict). Not part of the normal build; run with
 * {@code ./mvnw -B -pl shared-domain test -DexcludedGroups= -Dgroups=benchmark -Dtest=ExpressionEnginesBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} and read
 * {@code shared-domain/target/surefire-reports/io.flowproof.domain.expression.ExpressionEnginesBenchmark-output.txt}.
 */
@Tag("benchmark")
class ExpressionEnginesBenchmark {

    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 2_000_000_000L;

    @Test
    void measuresEvaluationsPerSecondPerEngine() {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("order_id", "order_1001");
        order.put("amount", 120.5);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", 150L);
        data.put("charged", 120.5);
        data.put("status", "settled");
        data.put("sent", true);
        data.put("items", List.of(Map.of("sku", "A1", "qty", 1L), Map.of("sku", "B2", "qty", 2L)));
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("deps", List.of(Map.of("flow", "checkout", "id", "order_placed", "data", order)));
        ctx.put("data", order);

        Expressions expressions = new Expressions(List.of(new PythonExpressionEngine(), new JsExpressionEngine(),
                new CelExpressionEngine()));
        List<Expr> validators = List.of(
                Expr.python("data['amount'] > 100"),
                Expr.python("data[\"charged\"] == ctx[\"data\"][\"amount\"]"),
                Expr.python("data['status'] in ('paid', 'settled')"),
                Expr.python("data[\"sent\"] is True and len(ctx[\"deps\"]) == 1"),
                Expr.python("sum(i['qty'] for i in data['items']) == 3"),
                Expr.js("data.amount > 100"),
                Expr.js("data.charged === ctx.data.amount"),
                Expr.js("['paid', 'settled'].includes(data.status)"),
                Expr.js("data.sent === true && ctx.deps.length === 1"),
                Expr.js("data.items.reduce((s, i) => s + i.qty, 0) === 3"),
                Expr.cel("data.amount > 100"),
                Expr.cel("data.charged == ctx.data.amount"),
                Expr.cel("data.status in ['paid', 'settled']"),
                Expr.cel("data.sent == true && size(ctx.deps) == 1"),
                Expr.cel("data.items.exists(i, i.qty == 2)"),
                Expr.cel("data.items.map(i, i.qty).exists(q, q == 2)"));

        System.out.printf("%-8s %-60s %15s%n", "engine", "validator", "evals/s");
        for (Expr expr : validators) {
            assertThat(expressions.test(expr, data, ctx).passed()).as(expr.toString()).isTrue();
            loop(expressions, expr, data, ctx, WARM_UP_NANOS);
            double perSecond = loop(expressions, expr, data, ctx, MEASURE_NANOS);
            System.out.printf("%-8s %-60s %,15.0f%n", expr.engine().wireName(), expr.script(), perSecond);
        }
    }

    private static double loop(Expressions expressions, Expr expr, Map<String, Object> data, Map<String, Object> ctx, long nanos) {
        long start = System.nanoTime();
        long count = 0;
        long passed = 0;
        long elapsed;
        do {
            for (int i = 0; i < 500; i++) {
                if (expressions.test(expr, data, ctx).passed()) {
                    passed++;
                }
            }
            count += 500;
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        assertThat(passed).isEqualTo(count);
        return count * 1e9 / elapsed;
    }
}
