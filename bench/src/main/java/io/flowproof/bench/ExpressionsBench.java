package io.flowproof.bench;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluations per second on one thread through {@link Expressions#test} (cache lookup, evaluation, verdict), the
 * logic of shared-domain's {@code ExpressionEnginesBenchmark} with a shorter corpus: a time-boxed warm-up loop, then
 * a time-boxed measured loop, per validator. Not JMH: the engines' own caches and budgets are what is measured, and
 * the numbers agree with the JMH-free benchmark the README already quotes.
 */
final class ExpressionsBench {

    record Measured(Expr expr, double perSecond) {
    }

    static final List<Expr> VALIDATORS = List.of(
            Expr.python("data['amount'] > 100"),
            Expr.python("data[\"charged\"] == ctx[\"data\"][\"amount\"]"),
            Expr.python("sum(i['qty'] for i in data['items']) == 3"),
            Expr.js("data.amount > 100"),
            Expr.js("data.charged === ctx.data.amount"),
            Expr.js("data.items.reduce((s, i) => s + i.qty, 0) === 3"),
            Expr.cel("data.amount > 100"),
            Expr.cel("data.charged == ctx.data.amount"),
            Expr.cel("data.items.exists(i, i.qty == 2)"));

    private ExpressionsBench() {
    }

    static List<Measured> run(long warmupNanos, long measureNanos) {
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
        return VALIDATORS.stream().map(expr -> {
            if (!expressions.test(expr, data, ctx).passed()) {
                throw new IllegalStateException(expr + " does not pass");
            }
            loop(expressions, expr, data, ctx, warmupNanos);
            return new Measured(expr, loop(expressions, expr, data, ctx, measureNanos));
        }).toList();
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
        if (passed != count) {
            throw new IllegalStateException(expr + " stopped passing");
        }
        return count * 1e9 / elapsed;
    }
}
