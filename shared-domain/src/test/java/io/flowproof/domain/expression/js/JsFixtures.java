package io.flowproof.domain.expression.js;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for the {@code data}/{@code ctx} values the evaluator passes (evaluation.md §5). */
final class JsFixtures {

    private JsFixtures() {}

    /** One upstream event: {@code {"flow":"checkout","id":id,"data":data}}. */
    static Map<String, Object> dep(String id, Map<String, Object> data) {
        Map<String, Object> dep = new LinkedHashMap<>();
        dep.put("flow", "checkout");
        dep.put("id", id);
        dep.put("data", data);
        return dep;
    }

    /** {@code {"deps":[...]}} plus {@code "data"} when there is exactly one dep. */
    @SafeVarargs
    static Map<String, Object> ctx(Map<String, Object>... deps) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>(List.of((Object[]) deps));
        ctx.put("deps", list);
        if (deps.length == 1) {
            ctx.put("data", deps[0].get("data"));
        }
        return ctx;
    }

    /** A map from alternating keys and values; allows null values, keeps order. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
