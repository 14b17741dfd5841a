package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.expression.Expressions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripts as the Python SDK sends them: lambda bodies, collapsed multi-line lambdas, {@code def} bodies
 * with and without their indentation, whole functions, inline comments.
 */
class PythonScriptsTest {

    private static final Map<String, Object> ORDER = Map.of("order_id", "o1", "amount", 120.5, "items",
            List.of(Map.of("sku", "A1", "qty", 1L), Map.of("sku", "B2", "qty", 2L)));
    private static final Map<String, Object> CTX = Map.of(
            "deps", List.of(Map.of("flow", "checkout", "id", "payment", "data", Map.of("ok", true, "amount", 120.5))),
            "data", Map.of("ok", true, "amount", 120.5));

    private final PythonExpressionEngine engine = new PythonExpressionEngine();

    private Object run(String script) {
        return engine.compile(script, Expressions.PREDICATE_VARIABLES).evaluate(ORDER, CTX);
    }

    static Stream<Arguments> sdkScripts() {
        return Stream.of(
                Arguments.of("lambda body", "data[\"amount\"] > 100", true),
                Arguments.of("collapsed multi-line lambda",
                        "data[\"amount\"] == ctx[\"data\"][\"amount\"] and len(ctx[\"deps\"]) == 1", true),
                Arguments.of("inline comment", "data[\"amount\"] > 0  # inline comment", true),
                Arguments.of("one-line def body", "data[\"amount\"] == ctx[\"data\"][\"amount\"]", true),
                Arguments.of("whole lambda", "lambda data, ctx: data['amount'] > 1000", false),
                Arguments.of("whole lambda with one parameter", "lambda data: len(data['items']) == 2", true),
                Arguments.of("def body, flat loop", """
                        total = 0
                        for i in data["items"]:
                        total += i["qty"]
                        return total == 3""", true),
                Arguments.of("def body, guard clause then answer", """
                        if data["amount"] <= 0:
                        return False
                        return data["order_id"].startswith("o")""", true),
                Arguments.of("def body, search loop", """
                        for d in ctx["deps"]:
                        if d["id"] == "payment":
                        return d["data"]["ok"]
                        return False""", true),
                Arguments.of("def body, continue and accumulate", """
                        total = 0
                        for i in data["items"]:
                        if i["qty"] < 2:
                        continue
                        total += i["qty"]
                        return total == 2""", true),
                Arguments.of("def body, if/elif/else chain in a loop", """
                        small = big = 0
                        for i in data["items"]:
                        if i["qty"] > 1:
                        big += 1
                        elif i["qty"] == 1:
                        small += 1
                        else:
                        pass
                        return (small, big) == (1, 1)""", true),
                Arguments.of("def body, early return inside nested if", """
                        for i in data["items"]:
                        if i["sku"] == "B2":
                        if i["qty"] != 2:
                        return False
                        return True
                        return False""", true),
                Arguments.of("def body, while with break", """
                        n = 0
                        while True:
                        n += 1
                        if n >= 5:
                        break
                        return n == 5""", true),
                Arguments.of("def body, comments and blank lines", """
                        # the SDK keeps inline comments
                        skus = [i["sku"] for i in data["items"]]  # all skus

                        return "A1" in skus and "C3" not in skus""", true),
                Arguments.of("indented def body", """
                        total = 0
                        for i in data["items"]:
                            total += i["qty"]
                            if total > 1:
                                break
                        return total""", 3L),
                Arguments.of("whole def with indentation", """
                        def receipt_ok(data, ctx):
                            \"\"\"Docstrings are fine.\"\"\"
                            if not ctx["deps"]:
                                return False
                            dep = ctx["deps"][0]
                            return dep["data"]["amount"] == data["amount"]""", true),
                Arguments.of("whole def without indentation", """
                        def check(data, ctx):
                        if data["amount"] > 100:
                        return "big"
                        return "small\"""", "big"),
                Arguments.of("semicolons", "a = 1; b = 2; return a + b == 3", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sdkScripts")
    void runsScriptsAsTheSdkSendsThem(String description, String script, Object expected) {
        assertThat(run(script)).isEqualTo(expected);
    }

    @Test
    void readsTheBlocksOfAFlatScriptAccordingToTheHeuristic() {
        // An un-terminated block swallows the following lines (documented ambiguity): y stays unbound
        // when the condition is false, and the final return still goes to the top level.
        String flat = """
                x = 0
                if data["amount"] > 1000:
                x = 1
                y = 2
                return x""";

        assertThat(run(flat)).isEqualTo(0L);
        assertThatThrownBy(() -> run(flat.replace("return x", "return y"))).hasMessage("NameError: name 'y' is not defined");
    }

    @Test
    void returnsNoneWhenAStatementScriptHasNoReturn() {
        assertThat(run("x = data['amount']\nx > 1")).isNull();
    }

    @Test
    void supportsUnpackingInLoopsAndAssignments() {
        assertThat(run("""
                pairs = []
                for i, item in enumerate(data["items"], 1):
                    pairs.append((i, item["sku"]))
                a, (b, c) = 1, [2, 3]
                for k, v in {"x": 1}.items():
                    pairs.append((k, v))
                return pairs + [a + b + c]""")).isEqualTo(List.of(List.of(1L, "A1"), List.of(2L, "B2"), List.of("x", 1L), 6L));
    }

    @Test
    void mutatesOnlyValuesTheScriptMade() {
        Object result = run("""
                copy = dict(data)
                copy["amount"] = 0
                counts = {}
                for i in data["items"]:
                    counts[i["sku"]] = counts.get(i["sku"], 0) + i["qty"]
                    counts[i["sku"]] *= 10
                return copy["amount"], counts, data["amount"]""");

        assertThat(result).isEqualTo(List.of(0L, Map.of("A1", 10L, "B2", 20L), 120.5));
        assertThat(ORDER.get("amount")).isEqualTo(120.5);
    }

    @Test
    void callsNestedFunctionsAndRecursion() {
        assertThat(run("""
                def fact(n):
                    return 1 if n <= 1 else n * fact(n - 1)
                def total(items, key="qty"):
                    return sum(i[key] for i in items)
                return fact(20), fact(25), total(data["items"]), total(key="qty", items=data["items"])"""))
                .isEqualTo(List.of(2432902008176640000L, new java.math.BigInteger("15511210043330985984000000"), 3L, 3L));
    }

    @Test
    void runsForElseAndWhileElse() {
        assertThat(run("""
                for i in data["items"]:
                    if i["qty"] > 5:
                        break
                else:
                    found = "none"
                n = 3
                while n > 0:
                    n -= 1
                else:
                    n = "done"
                return found, n""")).isEqualTo(List.of("none", "done"));
    }

    @Test
    void failsAnAssertWithItsMessage() {
        assertThatThrownBy(() -> run("assert data['amount'] < 100, 'too much'\nreturn True"))
                .hasMessage("AssertionError: too much");
    }

    @Test
    void usesExtractorVariables() {
        Object result = engine.compile("f\"{input['customer']}-{output['id']}\"", Expressions.EXTRACTOR_VARIABLES)
                .evaluate(Map.of("customer", "c9"), Map.of("id", 123L));

        assertThat(result).isEqualTo("c9-123");
    }

    @Test
    void doesNotRenameParameters() {
        assertThatThrownBy(() -> engine.compile("d['x']", Expressions.PREDICATE_VARIABLES).evaluate(ORDER, CTX))
                .hasMessage("NameError: name 'd' is not defined");
    }
}
