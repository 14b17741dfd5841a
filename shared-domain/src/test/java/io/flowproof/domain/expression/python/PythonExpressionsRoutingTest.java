package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine behind {@link Expressions}: verdicts with readable details, run-id extraction, syntax checks. */
class PythonExpressionsRoutingTest {

    private static final Map<String, Object> DATA = Map.of("amount", 150L, "status", "paid");
    private static final Map<String, Object> CTX = Map.of("deps", List.of());

    private final Expressions expressions = new Expressions(List.of(new PythonExpressionEngine()));

    @Test
    void passesOnlyOnABooleanTrue() {
        assertThat(expressions.test(Expr.python("data['amount'] > 100"), DATA, CTX)).isEqualTo(Verdict.pass());
        assertThat(expressions.test(Expr.python("data['amount'] > 1000"), DATA, CTX))
                .isEqualTo(Verdict.plainFalse());
        assertThat(expressions.test(Expr.python("data['amount']"), DATA, CTX))
                .isEqualTo(Verdict.fail("expression returned a non-boolean value: 150"));
        assertThat(expressions.test(Expr.python("data['amount'] > 1000 or None"), DATA, CTX))
                .isEqualTo(Verdict.fail("expression returned a non-boolean value: None"));
    }

    @Test
    void failsWithThePythonErrorAsDetail() {
        assertThat(expressions.test(Expr.python("data['missing'] == 1"), DATA, CTX))
                .isEqualTo(Verdict.fail("python error: KeyError: 'missing'"));
        assertThat(expressions.test(Expr.python("data['status'] > 1"), DATA, CTX))
                .isEqualTo(Verdict.fail("python error: TypeError: '>' not supported between instances of 'str' and 'int'"));
        assertThat(expressions.test(Expr.python("while True:\n    pass"), DATA, CTX).detail())
                .matches("python error: (step limit exceeded|time limit exceeded).*"); // whichever comes first on a busy machine
    }

    @Test
    void failsWithTheSyntaxErrorAndItsPosition() {
        assertThat(expressions.test(Expr.python("data['amount'] >"), DATA, CTX))
                .isEqualTo(Verdict.fail("python syntax error: invalid syntax at line 1, column 17"));
        assertThat(expressions.syntaxError(Expr.python("import os"), Expressions.PREDICATE_VARIABLES))
                .isEqualTo("python syntax error: import statements are not allowed at line 1, column 1");
        assertThat(expressions.syntaxError(Expr.python("data['a'] == 1"), Expressions.PREDICATE_VARIABLES)).isNull();
    }

    @Test
    void extractsRunIdsAsPythonStr() {
        assertThat(expressions.extract(Expr.python("output['id']"), Map.of(), Map.of("id", 123L))).isEqualTo("123");
        assertThat(expressions.extract(Expr.python("input['ok']"), Map.of("ok", true), Map.of())).isEqualTo("True");
        assertThat(expressions.extract(Expr.python("input.get('x')"), Map.of(), Map.of())).isEqualTo("None");
        assertThat(expressions.extract(Expr.python("output"), Map.of(), Map.of("a", 1.0))).isEqualTo("{'a': 1.0}");
        assertThat(expressions.extract(Expr.python("f\"{input['o']}-{output['n']:03d}\""), Map.of("o", "ord"),
                Map.of("n", 7L))).isEqualTo("ord-007");
        assertThatThrownBy(() -> expressions.extract(Expr.python("''"), Map.of(), Map.of()))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("the extractor returned an empty value");
        assertThatThrownBy(() -> expressions.extract(Expr.python("data['x']"), Map.of(), Map.of()))
                .hasMessage("NameError: name 'data' is not defined");
    }

    @Test
    void registersAsThePythonEngine() {
        assertThat(new PythonExpressionEngine().engine()).isEqualTo(Engine.PYTHON);
        assertThat(expressions.supports(Engine.PYTHON)).isTrue();
    }
}
