package io.flowproof.domain.expression.js;

import static io.flowproof.domain.expression.js.JsFixtures.ctx;
import static io.flowproof.domain.expression.js.JsFixtures.dep;
import static io.flowproof.domain.expression.js.JsFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.json.JsonParser;

/** Scripts as the JS SDK sends them, evaluated through {@link Expressions} the way the evaluator does. */
class JsSdkScriptsTest {

    private static final Expressions EXPRESSIONS = new Expressions(List.of(JsExpressionEngineTest.ENGINE));

    // ---- the recorded batch (contract/sdk-payloads/js-sdk-events-batch.json) ------------------

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> recordedBatch() throws IOException {
        try (InputStream in = JsSdkScriptsTest.class.getResourceAsStream("/sdk-payloads/js-sdk-events-batch.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Context cx = Context.enter();
            try {
                Object parsed = new JsonParser(cx, cx.initSafeStandardObjects()).parseValue(json);
                return (List<Map<String, Object>>) JsValues.toJava(parsed);
            } catch (JsonParser.ParseException e) {
                throw new IOException(e);
            } finally {
                Context.exit();
            }
        }
    }

    /** ctx as the evaluator builds it: the accepted events of the dep nodes, in dep_ids order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ctxFor(Map<String, Object> event, List<Map<String, Object>> batch) {
        List<Object> depIds = (List<Object>) event.getOrDefault("dep_ids", List.of());
        List<Map<String, Object>> deps = new java.util.ArrayList<>();
        for (Object depId : depIds) {
            for (Map<String, Object> other : batch) {
                if (depId.equals(other.get("id"))) {
                    Map<String, Object> dep = new LinkedHashMap<>();
                    dep.put("flow", other.get("flow"));
                    dep.put("id", other.get("id"));
                    dep.put("data", other.get("data"));
                    deps.add(dep);
                }
            }
        }
        return ctx(deps.toArray(Map[]::new));
    }

    static Stream<Arguments> recordedExpressions() throws IOException {
        List<Map<String, Object>> batch = recordedBatch();
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Map<String, Object> event : batch) {
            for (String kind : List.of("filter", "validator")) {
                if (event.get(kind) instanceof Map<?, ?> expr) {
                    cases.add(Arguments.of(event.get("id") + " " + kind, expr.get("script"), event.get("data"), ctxFor(event, batch)));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedExpressions")
    @SuppressWarnings("unchecked")
    void passesEveryExpressionOfTheRecordedBatch(String name, String script, Object data, Map<String, Object> ctx) {
        assertThat(EXPRESSIONS.test(Expr.js(script), (Map<String, Object>) data, ctx)).isEqualTo(Verdict.pass());
    }

    @Test
    void theRecordedBatchHasTheFourSdkScriptShapes() throws IOException {
        assertThat(recordedExpressions()).hasSize(4);
    }

    @Test
    void theRecordedValidatorFailsWhenTheAmountDiffers() throws IOException {
        Map<String, Object> ctx = ctx(dep("order_placed", map("order_id", "order_2002", "amount", 10.0)));
        Verdict verdict = EXPRESSIONS.test(Expr.js("data.charged === ctx.data.amount"), map("charged", 99.9), ctx);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.detail()).as("a plain false needs no explanation").isNull();
    }

    // ---- realistic SDK output ------------------------------------------------------------------

    static Stream<Arguments> sdkScripts() {
        Map<String, Object> order = map("order_id", "ord_1042", "amount", 120.5, "currency", "EUR", "email", "ann@example.com",
                "items", List.of(map("sku", "A-1", "qty", 2L, "price", 10.25), map("sku", "B-7", "qty", 1L, "price", 100L)),
                "meta", map("source", "web", "tags", List.of("vip", "eu")), "coupon", null);
        Map<String, Object> ctx = ctx(dep("cart_created", map("order_id", "ord_1042", "total", 120.5)));
        return Stream.of(
                Arguments.of("arrow body stripped by the SDK", "data.status !== 'test'", order, ctx),
                Arguments.of("esbuild, double quotes", "data.currency===\"EUR\"&&data.items.length>0", order, ctx),
                Arguments.of("esbuild !0 / !1", "data.items.every(i=>i.qty>0)?!0:!1", order, ctx),
                Arguments.of("esbuild function", "function(e,t){return e.amount===t.data.total&&!0}", order, ctx),
                Arguments.of("full arrow, minified", "(e,t)=>{const n=e.items.reduce((r,o)=>r+o.qty*o.price,0);return n===e.amount}", order, ctx),
                Arguments.of("template literal", "`${data.order_id}:${data.currency}` === 'ord_1042:EUR'", order, ctx),
                Arguments.of("optional chaining and ??", "(data.meta?.tags ?? []).includes('vip') && data.missing?.x === undefined", order, ctx),
                Arguments.of("nullish default", "(data.coupon ?? 'NONE') === 'NONE'", order, ctx),
                Arguments.of("regex", "/^[^@]+@example\\.com$/i.test(data.email) && /^ord_(?<n>\\d+)$/.exec(data.order_id).groups.n === '1042'", order, ctx),
                Arguments.of("Object.entries", "Object.entries(data.meta).filter(([k, v]) => Array.isArray(v)).map(([k]) => k).join() === 'tags'", order, ctx),
                Arguments.of("JSON.stringify", "JSON.stringify(data.meta) === '{\"source\":\"web\",\"tags\":[\"vip\",\"eu\"]}'", order, ctx),
                Arguments.of("body from a block arrow", "const deps = ctx.deps.filter((d) => d.id === 'cart_created');\n    return deps.length > 0 && deps[0].data.total === data.amount", order, ctx),
                Arguments.of("destructuring", "const { amount, items: [first] } = data;\nreturn amount > 100 && first.sku === 'A-1'", order, ctx),
                Arguments.of("array helpers", "data.items.map(i => i.sku).sort().join('|') === 'A-1|B-7' && data.items.findIndex(i => i.price > 50) === 1", order, ctx),
                Arguments.of("spread in literals", "[...data.meta.tags, 'x'].length === 3 && ({ ...data.meta }).source === 'web'", order, ctx),
                Arguments.of("flat and at", "[[1], [2, [3]]].flat(2).at(-1) === 3 && 'abc'.at(0) === 'a'", order, ctx),
                Arguments.of("Set and Map", "new Set(data.items.map(i => i.sku)).size === 2 && new Map([['a', 1]]).get('a') === 1", order, ctx),
                Arguments.of("number formatting", "data.amount.toFixed(2) === '120.50' && Number.isInteger(data.items[0].qty) && parseFloat('1.5') === 1.5", order, ctx),
                Arguments.of("string helpers", "data.email.split('@')[1].toUpperCase() === 'EXAMPLE.COM' && 'a,b'.replaceAll(',', ';') === 'a;b' && ' x '.trim().startsWith('x')", order, ctx),
                Arguments.of("Math helpers", "Math.round(data.amount) === 121 && Math.max.apply(null, data.items.map(i => i.price)) === 100", order, ctx),
                Arguments.of("dates", "new Date('2024-01-02T03:04:05Z').getTime() === 1704164645000 && !isNaN(Date.parse('2024-01-01'))", order, ctx),
                Arguments.of("try/catch", "try { JSON.parse('{bad'); return false; } catch (e) { return e instanceof SyntaxError; }", order, ctx),
                Arguments.of("typeof guards", "typeof data.amount === 'number' && typeof data.coupon === 'object' && data.coupon === null", order, ctx),
                Arguments.of("for-of with const", "let qty = 0;\nfor (const item of data.items) { qty += item.qty; }\nreturn qty === 3", order, ctx),
                Arguments.of("named function declaration", "function receiptOk(data, ctx) {\n  return data.email.endsWith('@example.com') && ctx.deps.length === 1;\n}", order, ctx),
                Arguments.of("word return in strings and names", "data.meta.source !== 'return' && !('returned' in data) && data.order_id.includes('ord')", order, ctx));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sdkScripts")
    void passesRealisticSdkScripts(String name, String script, Map<String, Object> data, Map<String, Object> ctx) {
        assertThat(EXPRESSIONS.test(Expr.js(script), data, ctx)).isEqualTo(Verdict.pass());
    }

    // ---- the router's verdicts ------------------------------------------------------------------

    static Stream<Arguments> failingVerdicts() {
        return Stream.of(
                Arguments.of("data.amount", "expression returned a non-boolean value: 1"),
                Arguments.of("data.count > 0 || null", "expression returned a non-boolean value: null"),
                Arguments.of("'true'", "expression returned a non-boolean value: true"),
                Arguments.of("({ ok: true })", "expression returned a non-boolean value: [object Object]"),
                Arguments.of("e.amount > 0", "js error: ReferenceError: \"e\" is not defined. (line 1)"),
                Arguments.of("data.a.b.c", "js error: TypeError"),
                Arguments.of("while (true) {}", "js error: the script ran too long"),
                Arguments.of("data.amount >", "js syntax error: "),
                Arguments.of("async (data) => true", "js syntax error: async functions are not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingVerdicts")
    void failuresBecomeFailedVerdictsWithAReadableDetail(String script, String detail) {
        Verdict verdict = EXPRESSIONS.test(Expr.js(script), map("amount", 1L, "count", 0L), ctx());
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.detail()).startsWith(detail);
    }

    @Test
    void aPlainFalseFailsWithoutDetail() {
        Verdict verdict = EXPRESSIONS.test(Expr.js("data.amount > 5"), map("amount", 1L), ctx());
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.detail()).isNull();
    }

    @Test
    void onlyABooleanTruePasses() {
        assertThat(EXPRESSIONS.test(Expr.js("1"), map(), ctx()).passed()).isFalse();
        assertThat(EXPRESSIONS.test(Expr.js("new Boolean(true)"), map(), ctx()).passed()).isFalse();
        assertThat(EXPRESSIONS.test(Expr.js("!!1"), map(), ctx()).passed()).isTrue();
    }

    @Test
    void checksSyntaxWithoutEvaluating() {
        assertThat(EXPRESSIONS.syntaxError(Expr.js("while (true) {}"), Expressions.PREDICATE_VARIABLES)).isNull();
        assertThat(EXPRESSIONS.syntaxError(Expr.js("data.a ==="), Expressions.PREDICATE_VARIABLES))
                .startsWith("js syntax error: ").contains("line 1, column");
    }
}
