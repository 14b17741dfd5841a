package io.flowproof.domain.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Run-id extractors: every engine, with {@code input} and {@code output} in scope, text as the language shows it. */
class ExtractorsTest {

    private final Expressions expressions = new Expressions(List.of(new PythonExpressionEngine(), new JsExpressionEngine(),
            new CelExpressionEngine()));
    private final Map<String, Object> input = Map.of("method", "POST", "url", "http://localhost/orders");
    private final Map<String, Object> output = Map.of("id", 123L, "order", Map.of("ref", "ord_9"), "ok", true);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "python | str(output['id'])                | 123",
        "python | output['id']                     | 123",
        "python | output['ok']                     | True",
        "python | output['order']['ref']           | ord_9",
        "python | input['method'] + '-' + str(output['id']) | POST-123",
        "js     | output.id                        | 123",
        "js     | `${output.order.ref}`            | ord_9",
        "js     | output.ok                        | true",
        "cel    | output.order.ref                 | ord_9",
        "cel    | string(output.id)                | 123",
    })
    void extractsARunIdFromTheTriggerOutput(String engine, String script, String expected) {
        assertThat(expressions.extract(new Expr(Engine.fromWire(engine), script), input, output)).isEqualTo(expected);
    }

    @Test
    void reportsEmptyResultsAndErrorsAsExtractionFailures() {
        assertThatThrownBy(() -> expressions.extract(Expr.python("''"), input, output))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> expressions.extract(Expr.python("output['missing']"), input, output))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("KeyError");
        assertThatThrownBy(() -> expressions.extract(Expr.js("output.a.b"), input, output))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("TypeError");
        assertThatThrownBy(() -> expressions.extract(Expr.cel("output.("), input, output))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("syntax error");
    }
}
