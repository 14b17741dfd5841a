package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.Expressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Single-thread throughput of typical validators. Not part of the normal build; run with
 * {@code ./mvnw -q -B -pl shared-domain test -DexcludedGroups= -Dgroups=benchmark -Dtest=PythonEngineBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} and read {@code target/surefire-reports/*-output.txt}.
 */
@Tag("benchmark")
class PythonEngineBenchmark {

    private static final long WARM_UP_NANOS = 1_500_000_000L;
    private static final long MEASURE_NANOS = 2_000_000_000L;

    @Test
    void measuresEvaluationsPerSecondOnOneThread() {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("order_id", "order_1001");
        order.put("amount", 120.5);
        order.put("currency", "USD");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", 150L);
        data.put("charged", 120.5);
        data.put("status", "settled");
        data.put("sent", true);
        data.put("items", List.of(Map.of("sku", "A1", "qty", 1L), Map.of("sku", "B2", "qty", 2L)));
        Map<String, Object> ctx = Map.of("deps", List.of(Map.of("flow", "checkout", "id", "order_placed", "data", order)),
                "data", order);

        List<String> scripts = List.of(
                "data['amount'] > 100",
                "data[\"charged\"] == ctx[\"data\"][\"amount\"]",
                "data['status'] in ('paid', 'settled')",
                "data[\"sent\"] is True and len(ctx[\"deps\"]) == 1",
                "sum(i['qty'] for i in data['items']) == 3",
                "total = 0\nfor i in data[\"items\"]:\ntotal += i[\"qty\"]\nreturn total == 3");
        PythonExpressionEngine engine = new PythonExpressionEngine();
        System.out.printf("%-75s %15s%n", "script", "evals/s");
        for (String script : scripts) {
            CompiledExpression compiled = engine.compile(script, Expressions.PREDICATE_VARIABLES);
            assertThat(compiled.evaluate(data, ctx)).isEqualTo(true);
            loop(compiled, data, ctx, WARM_UP_NANOS);
            double perSecond = loop(compiled, data, ctx, MEASURE_NANOS);
            System.out.printf("%-75s %,15.0f%n", script.replace("\n", "\\n"), perSecond);
        }
    }

    private static double loop(CompiledExpression compiled, Map<String, Object> data, Map<String, Object> ctx, long nanos) {
        long start = System.nanoTime();
        long count = 0;
        int passed = 0;
        long elapsed;
        do {
            for (int i = 0; i < 1_000; i++) {
                if (compiled.evaluate(data, ctx) == Boolean.TRUE) {
                    passed++;
                }
            }
            count += 1_000;
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        assertThat(passed).isEqualTo((int) count);
        return count * 1e9 / elapsed;
    }
}
