package io.flowproof.domain.expression.js;

import static io.flowproof.domain.expression.js.JsFixtures.ctx;
import static io.flowproof.domain.expression.js.JsFixtures.dep;
import static io.flowproof.domain.expression.js.JsFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.ExpressionLimitException;
import io.flowproof.domain.expression.ExpressionSyntaxException;
import io.flowproof.domain.expression.Expressions;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsExpressionEngineTest {

    static final JsExpressionEngine ENGINE = new JsExpressionEngine();

    static Object eval(String script, Object data, Object ctx) {
        return ENGINE.compile(script, Expressions.PREDICATE_VARIABLES).evaluate(data, ctx);
    }

    static Map<String, Object> twoDeps() {
        return ctx(dep("a", map("price", 10L)), dep("b", map("price", 20L)));
    }

    // ---- expressions.md §3, JS examples, with Flowproof's fixes (rows 14 and 15) -------------------

    static Stream<Arguments> contractTable() {
        Map<String, Object> oneDep = ctx(dep("order_placed", map("order_id", "o1")));
        return Stream.of(
                Arguments.of(1, "data.amount > 100", map("amount", 150L), ctx(), true),
                Arguments.of(2, "['paid', 'settled'].includes(data.status)", map("status", "paid"), ctx(), true),
                Arguments.of(3, "data.coupon === undefined", map("amount", 1L), ctx(), true),
                Arguments.of(4, "ctx.data.order_id === data.order_id", map("order_id", "o1"), oneDep, true),
                Arguments.of(6, "ctx.deps.length === 2 && ctx.deps[1].id === 'b'", map(), twoDeps(), true),
                Arguments.of(7, "data.total === ctx.deps.reduce((s, d) => s + d.data.price, 0)", map("total", 30L), twoDeps(), true),
                Arguments.of(8, "Math.abs(data.delta) < 1", map("delta", -0.5), ctx(), true),
                Arguments.of(9, "data.amount", map("amount", 1L), ctx(), 1L),
                Arguments.of(10, "data.count > 0 || null", map("count", 0L), ctx(), null),
                Arguments.of(11, "/^ord_\\d+$/.test(data.id)", map("id", "ord_9"), ctx(), true),
                Arguments.of(12, "data.user?.address?.city === undefined", map("user", map()), ctx(), true),
                Arguments.of(13, "const n = data.items.length;\n    return n === 2", map("items", List.of(1L, 2L)), ctx(), true),
                Arguments.of(14, "data.returned === true", map("returned", true), ctx(), true),
                Arguments.of(15, "function check(data, ctx) {\n  return data.v > 0;\n}", map("v", 1L), ctx(), true),
                Arguments.of(17, "data.a == '1'", map("a", 1L), ctx(), true));
    }

    @ParameterizedTest(name = "row {0}: {1}")
    @MethodSource("contractTable")
    void evaluatesTheContractExamples(int row, String script, Map<String, Object> data, Map<String, Object> ctx, Object expected) {
        assertThat(eval(script, data, ctx)).isEqualTo(expected);
    }

    @Test
    void row5ReadingCtxDataWithTwoDepsIsATypeError() {
        assertThatThrownBy(() -> eval("ctx.data.price === 10", map(), twoDeps()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("TypeError")
                .hasMessageContaining("price");
    }

    @Test
    void row16MinifiedParameterNamesAreAReferenceError() {
        assertThatThrownBy(() -> eval("e.amount > 0", map("amount", 1L), ctx()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("ReferenceError")
                .hasMessageContaining("\"e\" is not defined");
    }

    // ---- script forms ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "data.v > 0",
        "data.v > 0;",
        "  // leading comment\n  data.v > 0 // trailing comment",
        "/* block */ (data.v > 0)",
        "return data.v > 0",
        "\n\n  return data.v > 0;\n",
        "const v = data.v;\nif (v > 0) { return true; }\nreturn false;",
        "let ok = false; for (const x of [data.v]) { ok = x > 0; } return ok",
        "function check(data, ctx) { return data.v > 0; }",
        "function check(data, ctx) { return data.v > 0; };",
        "function (data, ctx) { return data.v > 0; }",
        "function(d, c) { return d.v > 0 && c.deps.length === 0; }",
        "(function named(data) { return data.v > 0; })",
        "(data, ctx) => data.v > 0",
        "(data, ctx) => { return data.v > 0; }",
        "data => data.v > 0",
        "(e, t) => e.v > 0 && t.deps.length === 0",
        "(({ v }) => v > 0)",
        "x => { const { v = 0 } = x; return v > 0 }",
        "data.msg.includes('return') && data.v > 0",
        "data['return'] === undefined && data.v > 0",
        "`return ${data.v}` === 'return 1'",
        "data.v > 0 ? true : false",
        "-data.v < 0",
        "!(data.v < 0)",
        "d => -d.v < 0",
        "d => !d.missing;",
        "(d) => typeof d.v === 'number' // why\n",
        "function (d) { return !!d.v }; /* done */",
    })
    void acceptsEveryScriptForm(String script) {
        assertThat(eval(script, map("v", 1L, "msg", "please return it"), ctx())).isEqualTo(true);
    }

    @Test
    void aFunctionIsCalledWithTheVariablesInPositionalOrder() {
        CompiledExpression program = ENGINE.compile("function (a, b) { return a + '/' + b; }", List.of("input", "output"));
        assertThat(program.evaluate("in", "out")).isEqualTo("in/out");
    }

    @Test
    void aBodyWithoutReturnGivesNull() {
        assertThat(eval("const n = data.v; n === 1", map("v", 1L), ctx())).isNull();
    }

    @Test
    void aFunctionScriptSeesTheOuterVariablesOnlyThroughItsParameters() {
        assertThat(eval("function (x) { return typeof data === 'undefined' ? 'hidden' : 'visible'; }", map(), ctx()))
                .isEqualTo("hidden");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "async function check(data) { return true; }",
        "async (data, ctx) => data.v > 0",
        "async data => data.v > 0",
    })
    void rejectsAsyncFunctionsAtCompileTime(String script) {
        assertThatThrownBy(() -> ENGINE.compile(script, Expressions.PREDICATE_VARIABLES))
                .isInstanceOf(ExpressionSyntaxException.class)
                .hasMessageContaining("async");
    }

    // ---- syntax errors -------------------------------------------------------------------------

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("data.amount >", "line 1"),
                Arguments.of("data.a === 1\n&& (data.b", "line 2"),
                Arguments.of("const x = 1;\nreturn x +;", "line 2"),
                Arguments.of("function (data) { return data.a > ; }", "line 1"),
                Arguments.of("}); (function () {", "line 1"),
                Arguments.of("return 1; }); evil(); (function () {", "line"),
                Arguments.of("class A {}", "class"),
                Arguments.of("Math.max(...data.xs) > 1", "spread"),
                Arguments.of("data.a ==== 1", "column"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void reportsSyntaxErrorsWithTheirPosition(String script, String expected) {
        assertThatThrownBy(() -> ENGINE.compile(script, Expressions.PREDICATE_VARIABLES))
                .isInstanceOf(ExpressionSyntaxException.class)
                .hasMessageContaining(expected)
                .hasMessageMatching("(?s).*line \\d+, column \\d+.*");
    }

    @Test
    void syntaxErrorNamesTheScriptsOwnLineAndColumn() {
        assertThatThrownBy(() -> ENGINE.compile("const a = 1;\nreturn a +* 2", Expressions.PREDICATE_VARIABLES))
                .hasMessageContaining("line 2, column");
        assertThatThrownBy(() -> ENGINE.compile("data.a === 1 &&\n\ndata.b ==== 2", Expressions.PREDICATE_VARIABLES))
                .hasMessageContaining("line 3, column");
    }

    @Test
    void runtimeErrorsNameTheScriptsLine() {
        assertThatThrownBy(() -> eval("const a = 1;\nconst b = data.missing.deep;\nreturn b", map(), ctx()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void aThrownValueIsReported() {
        assertThatThrownBy(() -> eval("throw new Error('boom')", map(), ctx()))
                .isInstanceOf(ExpressionException.class)
                .isNotInstanceOf(ExpressionLimitException.class)
                .hasMessageContaining("boom");
    }

    // ---- for-const loops (rewritten) -----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "let t = 0; for (const x of data.xs) { t += x; } return t === 6",
        "let t = 0; for ( const [k, v] of Object.entries(data.o)) { t += v; } return t === 3",
        "let keys = ''; for (const k in data.o) { keys += k; } return keys === 'ab'",
        "let t = 0;\nfor\n(\nconst x of data.xs) t += x;\nreturn t === 6 && 'for (const x of' === 'for (const x of'",
        "return data.xs.every(x => { for (const y of [x]) { if (y < 1) return false; } return true; })",
    })
    void supportsForConstLoops(String script) {
        assertThat(eval(script, map("xs", List.of(1L, 2L, 3L), "o", map("a", 1L, "b", 2L)), ctx())).isEqualTo(true);
    }

    // ---- values --------------------------------------------------------------------------------

    static Stream<Arguments> results() {
        return Stream.of(
                Arguments.of("1 + 1", 2L),
                Arguments.of("0.5 + 1", 1.5),
                Arguments.of("2 ** 60", Math.pow(2, 60)),
                Arguments.of("-0", 0L),
                Arguments.of("0 / 0", Double.NaN),
                Arguments.of("'a' + 'b'", "ab"),
                Arguments.of("undefined", null),
                Arguments.of("null", null),
                Arguments.of("false", false),
                Arguments.of("[1, 'x', null, undefined, [true]]", java.util.Arrays.asList(1L, "x", null, null, List.of(true))),
                Arguments.of("({ b: 1, a: { c: [2] } })", map("b", 1L, "a", map("c", List.of(2L)))),
                Arguments.of("({ 2: 'two', x: 'x' })", map("2", "two", "x", "x")),
                Arguments.of("10n ** 20n", new BigInteger("100000000000000000000")),
                Arguments.of("new Date(0).toISOString()", "1970-01-01T00:00:00.000Z"),
                Arguments.of("/ab+c/gi", "/ab+c/gi"),
                Arguments.of("Symbol('s')", "Symbol(s)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void convertsResultsToJsonLikeJavaValues(String script, Object expected) {
        assertThat(eval(script, map(), ctx())).isEqualTo(expected);
    }

    @Test
    void inputNumbersOfEveryJavaTypeAreJsNumbers() {
        Map<String, Object> data = map("l", 3L, "i", 3, "d", 3.0, "big", new BigInteger("3"), "f", 0.1);
        assertThat(eval("data.l === 3 && data.i === 3 && data.d === 3 && data.big === 3 && typeof data.l === 'number'"
                + " && data.l === data.d && data.f + 0.2 !== 0.3", data, ctx())).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Object.keys(data).join() === 'a,b,list,nested'",
        "JSON.stringify(data) === '{\"a\":1,\"b\":\"x\",\"list\":[1,2],\"nested\":{\"k\":null}}'",
        "'a' in data && !('zz' in data) && 'k' in data.nested",
        "Array.isArray(data.list) && !Array.isArray(data.nested)",
        "data.list.map(x => x * 2).filter(x => x > 2).length === 1",
        "data.list.some(x => x === 2) && data.list.every(x => x > 0) && data.list.find(x => x > 1) === 2",
        "data.list.includes(2) && data.list.indexOf(2) === 1 && [...data.list, 3].length === 3",
        "({ ...data.nested, z: 1 }).z === 1 && Object.entries(data.nested)[0][0] === 'k'",
        "data.nested.k === null && data.nested.missing === undefined",
        "data.nested.hasOwnProperty('k') && Object.prototype.toString.call(data) === '[object Object]'",
        "data.list instanceof Array && data instanceof Object",
        "Object.values(data).length === 4 && typeof data.b === 'string'",
    })
    void inputsBehaveAsPlainJsValues(String script) {
        Map<String, Object> data = map("a", 1L, "b", "x", "list", List.of(1L, 2L), "nested", map("k", null));
        assertThat(eval(script, data, ctx())).isEqualTo(true);
    }

    @Test
    void neverMutatesTheInputs() {
        List<Object> items = new ArrayList<>(List.of(1L, 2L));
        Map<String, Object> data = map("items", items, "n", 1L);
        Map<String, Object> before = map("items", List.of(1L, 2L), "n", 1L);
        Object result = eval("data.items.push(3); data.n = 99; delete data.items; data.extra = 1; return Object.keys(data).join()",
                data, ctx());
        assertThat(result).isEqualTo("n,extra");
        assertThat(data).isEqualTo(before);
    }

    @Test
    void mutationsOfOneCallAreNotSeenByTheNext() {
        CompiledExpression program = ENGINE.compile("data.list.push(data.list.length); return data.list.length",
                Expressions.PREDICATE_VARIABLES);
        Map<String, Object> data = map("list", List.of());
        assertThat(program.evaluate(data, ctx())).isEqualTo(1L);
        assertThat(program.evaluate(data, ctx())).isEqualTo(1L);
    }

    @Test
    void looseAndStrictEqualityFollowJs() {
        Map<String, Object> data = map("n", 1L, "s", "1", "z", 0L, "nil", null);
        assertThat(eval("data.n == data.s && data.n !== data.s && data.z == false && data.z !== false"
                + " && data.nil == undefined && data.nil !== undefined && data.missing == null", data, ctx()))
                .isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data.missing.x", "data.list[5].id", "ctx.deps[0].data", "data.f()"})
    void missingPropertiesAreTypeErrors(String script) {
        assertThatThrownBy(() -> eval(script, map("list", List.of(), "f", 1L), ctx()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("TypeError");
    }

    @Test
    void cyclicResultsAreRejected() {
        assertThatThrownBy(() -> eval("const o = {}; o.self = o; return o", map(), ctx()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("nested too deeply");
    }

    // ---- display ------------------------------------------------------------------------------

    static Stream<Arguments> displays() {
        return Stream.of(
                Arguments.of(123.0, "123"),
                Arguments.of(123L, "123"),
                Arguments.of(1.5, "1.5"),
                Arguments.of(1e21, "1e+21"),
                Arguments.of(Double.NaN, "NaN"),
                Arguments.of(true, "true"),
                Arguments.of(null, "null"),
                Arguments.of("text", "text"),
                Arguments.of(map("a", 1L), "[object Object]"),
                Arguments.of(java.util.Arrays.asList(1L, "b", null, List.of(2L, 3L)), "1,b,,2,3"),
                Arguments.of(new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("displays")
    void displaysValuesLikeJsString(Object value, String expected) {
        assertThat(ENGINE.display(value)).isEqualTo(expected);
    }

    @Test
    void displayOfAnEvaluatedResultMatchesJsString() {
        Object result = eval("[1, [2, 3], null, {}]", map(), ctx());
        assertThat(ENGINE.display(result)).isEqualTo(eval("String([1, [2, 3], null, {}])", map(), ctx()));
    }

    // ---- run-id extractors -----------------------------------------------------------------

    static Stream<Arguments> extractors() {
        Map<String, Object> input = map("order", map("id", "ord_7"), "n", 42L);
        Map<String, Object> output = map("run_id", "r-1", "items", List.of(map("id", 5L)));
        return Stream.of(
                Arguments.of("output.run_id", input, output, "r-1"),
                Arguments.of("input.order.id", input, output, "ord_7"),
                Arguments.of("input.n", input, output, "42"),
                Arguments.of("`${input.order.id}-${output.items[0].id}`", input, output, "ord_7-5"),
                Arguments.of("(input, output) => output.run_id ?? input.order.id", input, map(), "ord_7"),
                Arguments.of("function runId(i, o) { return o.items.map(x => x.id).join('+'); }", input, output, "5"),
                Arguments.of("const id = input.order.id;\nreturn id.toUpperCase()", input, output, "ORD_7"),
                Arguments.of("input.n > 1", input, output, "true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extractors")
    void extractsRunIdsWithInputAndOutput(String script, Object input, Object output, String expected) {
        Expressions expressions = new Expressions(List.of(ENGINE));
        assertThat(expressions.extract(io.flowproof.domain.expression.Expr.js(script), input, output)).isEqualTo(expected);
    }

    @Test
    void anExtractorCannotSeeDataOrCtx() {
        Expressions expressions = new Expressions(List.of(ENGINE));
        assertThatThrownBy(() -> expressions.extract(io.flowproof.domain.expression.Expr.js("data.id"), map(), map()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("\"data\" is not defined");
    }

    @Test
    void missingArgumentsAreUndefined() {
        CompiledExpression program = ENGINE.compile("data === null && ctx === null", Expressions.PREDICATE_VARIABLES);
        assertThat(program.evaluate()).isEqualTo(true);
    }
}
