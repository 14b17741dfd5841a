package io.flowproof.domain.evaluation;

import static io.flowproof.domain.evaluation.Fixtures.BASE;
import static io.flowproof.domain.evaluation.Fixtures.MS;
import static io.flowproof.domain.evaluation.Fixtures.RUN;
import static io.flowproof.domain.evaluation.Fixtures.act;
import static io.flowproof.domain.evaluation.Fixtures.assertion;
import static io.flowproof.domain.evaluation.Fixtures.event;
import static io.flowproof.domain.evaluation.Fixtures.item;
import static io.flowproof.domain.evaluation.Fixtures.nodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of contract/evaluation.md §9 with their original Python scripts, and JS twins. */
class EvaluatorPythonExamplesTest {

    private final Evaluator evaluator = new Evaluator(new Expressions(List.of(new PythonExpressionEngine(),
            new JsExpressionEngine(), new CelExpressionEngine())), System::nanoTime);
    private final long now = BASE + 3_000 * MS;

    @Test
    void exampleAPassesWithAPythonValidator() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS), event("e3", "c", BASE + 2 * MS, Map.of("ok", true))),
                nodes(act("a"), act("b", "a"), assertion("c", "b").validator(Expr.python("data['ok'] == True"))), now);

        assertThat(result.status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "c").message()).isEqualTo("Validator passed");
    }

    @Test
    void exampleBFailsOnAZeroAmount() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS, Map.of("amount", 0L)), event("e3", "c", BASE + 2 * MS)),
                nodes(act("a"), assertion("b", "a").validator(Expr.python("data['amount'] > 0")), act("c", "b")), now);

        assertThat(result.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "b").error()).isEqualTo("Validator assertion failed");
        assertThat(item(result, "c").message()).isEqualTo("Node validation passed");
    }

    @Test
    void exampleFDropsTheFilteredEvent() {
        var filtered = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS, Map.of("keep", false))),
                nodes(act("a"), assertion("b", "a").filter(Expr.python("data['keep'] == True"))), BASE + 20_000 * MS);
        assertThat(item(filtered, "b").message()).isEqualTo("Timeout: No event received within 10000ms");
        assertThat(filtered.evIds()).containsExactly("e1");
    }

    @Test
    void exampleHEvaluatesTheSubgraphWithAPythonCtxValidator() {
        var result = evaluator.evaluate(RUN, "b",
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS, Map.of("k", 1L)), event("e3", "c", BASE + 2 * MS)),
                nodes(act("a"), act("b", "a").filter("false"),
                        assertion("c", "b").validator(Expr.python("ctx['data']['k'] == 1"))), now);

        assertThat(result.graph()).containsOnlyKeys("b", "c");
        assertThat(item(result, "c").status()).isEqualTo(EvalStatus.PASSED);
    }

    @Test
    void theJsSdkFunctionDeclarationValidatorIsCalled() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS, Map.of("sent", true))),
                nodes(act("a"), assertion("b", "a").validator(Expr.js(
                        "function receiptOk(data, ctx) {\n  return data.sent === true && ctx.deps.length === 1;\n}"))), now);

        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "b").message()).isEqualTo("Validator passed");
    }

    @Test
    void aPythonKeyErrorFailsTheNodeWithTheReasonInDetail() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE), event("e2", "a2", BASE + MS), event("e3", "b", BASE + 2 * MS, Map.of("order_id", "o1"))),
                nodes(act("a"), act("a2"), assertion("b", "a", "a2").validator(Expr.python("ctx['data']['order_id'] == data['order_id']"))), now);

        assertThat(item(result, "b").error()).isEqualTo("Validator assertion failed");
        assertThat(item(result, "b").detail()).contains("KeyError");
    }
}
