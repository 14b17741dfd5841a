package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.Verdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Python example table of {@code contract/expressions.md} §2 (with the Flowproof additions, so rows
 * 11 and 12 pass) and the scripts of {@code contract/sdk-payloads/python-sdk-events-batch.json}, run
 * through {@link Expressions} exactly as the evaluator does.
 */
class PythonContractExamplesTest {

    private final Expressions expressions = new Expressions(List.of(new PythonExpressionEngine()));

    private static Map<String, Object> oneDep(Map<String, Object> data) {
        return Map.of("deps", List.of(Map.of("flow", "checkout", "id", "order_placed", "data", data)), "data", data);
    }

    private static Map<String, Object> deps(Map<String, Object>... depData) {
        List<Object> deps = Stream.of(depData)
                .map(d -> (Object) Map.of("flow", "checkout", "id", d.getOrDefault("id", "x"), "data", d))
                .toList();
        return Map.of("deps", deps);
    }

    static Stream<Arguments> contractTable() {
        Map<String, Object> noDeps = Map.of("deps", List.of());
        return Stream.of(
                Arguments.of(1, "data['amount'] > 100", Map.of("amount", 150L), noDeps, true),
                Arguments.of(2, "data['status'] in ('paid', 'settled')", Map.of("status", "paid"), noDeps, true),
                Arguments.of(3, "data.get('coupon') is None", Map.of("amount", 1L), noDeps, true),
                Arguments.of(4, "data['email'].endswith('@example.com') and len(data['email']) > 12",
                        Map.of("email", "ann@example.com"), noDeps, true),
                Arguments.of(5, "ctx['data']['order_id'] == data['order_id']", Map.of("order_id", "o1"),
                        oneDep(Map.of("order_id", "o1")), true),
                Arguments.of(6, "ctx['data']['order_id'] == data['order_id']", Map.of("order_id", "o1"),
                        deps(Map.of("order_id", "o1"), Map.of("order_id", "o1")), false),
                Arguments.of(7, "len(ctx['deps']) == 2 and ctx['deps'][1]['id'] == 'b'", Map.of(),
                        deps(Map.of("id", "a"), Map.of("id", "b")), true),
                Arguments.of(8, "sum(i['qty'] for i in data['items']) == 3",
                        Map.of("items", List.of(Map.of("qty", 1L), Map.of("qty", 2L))), noDeps, true),
                Arguments.of(9, "data['total'] == sum([d['data']['price'] for d in ctx['deps']])", Map.of("total", 30L),
                        deps(Map.of("price", 10L), Map.of("price", 20L)), true),
                Arguments.of(10, "[x for x in data['items'] if x > data['min']] == [5]",
                        Map.of("items", List.of(1L, 5L), "min", 2L), noDeps, true),
                Arguments.of(11, "all(x > 0 for x in data['items'])", Map.of("items", List.of(1L, 2L)), noDeps, true),
                Arguments.of(12, "abs(data['delta']) < 1", Map.of("delta", -0.5), noDeps, true),
                Arguments.of(13, "data['amount']", Map.of("amount", 1L), noDeps, false),
                Arguments.of(14, "int(data['qty']) * float(data['price']) == 7.5", Map.of("qty", "3", "price", "2.5"),
                        noDeps, true),
                Arguments.of(15, "bool(data['tags'])", Map.of("tags", List.of()), noDeps, false),
                Arguments.of(16, "data['missing'] == 1", Map.of(), noDeps, false));
    }

    @ParameterizedTest(name = "row {0}: {1}")
    @MethodSource("contractTable")
    void answersLikeTheContractTable(int row, String script, Map<String, Object> data, Map<String, Object> ctx,
            boolean expected) {
        Verdict verdict = expressions.test(Expr.python(script), data, ctx);

        assertThat(verdict.passed()).as("row %d", row).isEqualTo(expected);
    }

    static Stream<Arguments> sdkBatchScripts() {
        Map<String, Object> order = Map.of("order_id", "order_1001", "amount", 120.5, "currency", "USD", "items",
                List.of(Map.of("sku", "A1", "qty", 2L)));
        Map<String, Object> payment = Map.of("order_id", "order_1001", "charged", 120.5, "status", "succeeded");
        Map<String, Object> receipt = Map.of("email", "a@example.com", "sent", true);
        return Stream.of(
                Arguments.of("data[\"status\"] != \"test\"", payment, oneDep(order), true),
                Arguments.of("data[\"charged\"] == ctx[\"data\"][\"amount\"]", payment, oneDep(order), true),
                Arguments.of("data[\"charged\"] == ctx[\"data\"][\"amount\"]", Map.of("charged", 99L), oneDep(order), false),
                Arguments.of("data[\"sent\"] is True and len(ctx[\"deps\"]) == 1", receipt, oneDep(payment), true),
                Arguments.of("data[\"sent\"] is True and len(ctx[\"deps\"]) == 1", Map.of("sent", 1L), oneDep(payment),
                        false));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("sdkBatchScripts")
    void evaluatesTheScriptsOfTheSdkBatchPayload(String script, Map<String, Object> data, Map<String, Object> ctx,
            boolean expected) {
        assertThat(expressions.test(Expr.python(script), data, ctx).passed()).isEqualTo(expected);
    }
}
