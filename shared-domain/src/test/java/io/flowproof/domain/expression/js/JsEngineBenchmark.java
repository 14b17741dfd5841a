package io.flowproof.domain.expression.js;

import static io.flowproof.domain.expression.js.JsFixtures.ctx;
import static io.flowproof.domain.expression.js.JsFixtures.dep;
import static io.flowproof.domain.expression.js.JsFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.Expressions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Evaluations per second of typical validators on one thread. Run with -Dgroups=benchmark. */
@Tag("benchmark")
class JsEngineBenchmark {

    private static final List<String> VALIDATORS = List.of(
            "data.amount > 100",
            "data.charged === ctx.data.amount",
            "['paid', 'settled'].includes(data.status)",
            "ctx.deps.length === 2 && ctx.deps[1].id === 'b'",
            "data.total === ctx.deps.reduce((s, d) => s + d.data.price, 0)",
            "function check(data, ctx) { return data.amount > 100 && data.status === 'paid'; }");

    @Test
    void measuresEvaluationsPerSecondOnOneThread() {
        JsExpressionEngine engine = new JsExpressionEngine();
        Map<String, Object> data = map("amount", 150L, "charged", 150L, "status", "paid", "total", 30L,
                "order_id", "ord_1", "email", "ann@example.com");
        Map<String, Object> oneDep = ctx(dep("a", map("amount", 150L, "price", 30L)));
        Map<String, Object> twoDeps = ctx(dep("a", map("price", 10L)), dep("b", map("price", 20L)));
        for (String script : VALIDATORS) {
            CompiledExpression program = engine.compile(script, Expressions.PREDICATE_VARIABLES);
            Map<String, Object> ctx = script.contains("ctx.data") ? oneDep : twoDeps;
            assertThat(program.evaluate(data, ctx)).isEqualTo(true);
            run(program, data, ctx, 300_000); // warm-up
            long best = 0;
            for (int round = 0; round < 3; round++) {
                best = Math.max(best, run(program, data, ctx, 500_000));
            }
            System.out.println(String.format(Locale.ROOT, "%,10d evals/s  %s", best, script));
        }
    }

    private static long run(CompiledExpression program, Map<String, Object> data, Map<String, Object> ctx, int times) {
        long start = System.nanoTime();
        int passed = 0;
        for (int i = 0; i < times; i++) {
            if (Boolean.TRUE.equals(program.evaluate(data, ctx))) {
                passed++;
            }
        }
        long elapsed = System.nanoTime() - start;
        assertThat(passed).isEqualTo(times);
        return times * 1_000_000_000L / elapsed;
    }
}
