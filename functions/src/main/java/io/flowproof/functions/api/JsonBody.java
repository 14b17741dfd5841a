package io.flowproof.functions.api;

import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.NodeType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON request bodies and their fields with the original's (pydantic's) rules: strict strings,
 * lax integers ({@code "123"} and {@code 1.5e18} are accepted for {@code ts}), exact literals for node
 * types and engines, and every problem recorded with its location. Parsing and size limits: {@link RequestLimits}.
 */
final class JsonBody {

    private JsonBody() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        errors.add("dict_type", loc, "Input should be a valid dictionary", value);
        return null;
    }

    /** Decodes a required field with {@code decode}; a missing key is recorded as {@code missing} and gives null. */
    static <T> T required(Map<String, Object> item, String key, List<Object> loc, ValidationFailure.Errors errors,
            java.util.function.BiFunction<Object, List<Object>, T> decode) {
        if (!item.containsKey(key)) {
            errors.add("missing", at(loc, key), "Field required", item);
            return null;
        }
        return decode.apply(item.get(key), at(loc, key));
    }

    static String requiredString(Map<String, Object> item, String key, List<Object> loc, ValidationFailure.Errors errors) {
        if (!item.containsKey(key)) {
            errors.add("missing", at(loc, key), "Field required", item);
            return null;
        }
        return string(item.get(key), at(loc, key), errors, false);
    }

    static String optionalString(Map<String, Object> item, String key, List<Object> loc, ValidationFailure.Errors errors) {
        return item.containsKey(key) ? string(item.get(key), at(loc, key), errors, true) : null;
    }

    static String string(Object value, List<Object> loc, ValidationFailure.Errors errors, boolean nullable) {
        if (value instanceof String s) {
            return s;
        }
        if (value == null && nullable) {
            return null;
        }
        errors.add("string_type", loc, "Input should be a valid string", value);
        return null;
    }

    static NodeType nodeType(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        NodeType type = value instanceof String s ? NodeType.fromWire(s) : null;
        if (type == null) {
            errors.add("literal_error", loc, "Input should be " + NodeType.EXPECTED, value);
        }
        return type;
    }

    /** An int, lax like pydantic: numeric strings and integral floats are accepted. */
    static Long integer(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            errors.add("int_parsing_size", loc, "Input should be an integer that fits in 64 bits", value.toString());
            return null;
        }
        if (value instanceof Double d) {
            if (d != Math.rint(d) || d.isInfinite() || d.isNaN()) {
                errors.add("int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", d);
                return null;
            }
            if (Math.abs(d) >= 9.223372036854775807E18) {
                errors.add("int_parsing_size", loc, "Input should be an integer that fits in 64 bits", d);
                return null;
            }
            return (long) (double) d;
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                errors.add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", s);
                return null;
            }
        }
        errors.add("int_type", loc, "Input should be a valid integer", value);
        return null;
    }

    static List<String> stringList(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        if (!(value instanceof List<?> list)) {
            errors.add("list_type", loc, "Input should be a valid list", value);
            return null;
        }
        List<String> strings = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            strings.add(string(list.get(i), at(loc, i), errors, false));
        }
        return strings;
    }

    /** An expression object {@code {"engine": "python"|"js"|"cel", "script": "..."}}, or null. */
    static Expr expr(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        if (value == null) {
            return null;
        }
        Map<String, Object> map = object(value, loc, errors);
        if (map == null) {
            return null;
        }
        Engine engine = null;
        if (!map.containsKey("engine")) {
            errors.add("missing", at(loc, "engine"), "Field required", map);
        } else {
            engine = map.get("engine") instanceof String s ? Engine.fromWire(s) : null;
            if (engine == null || !engine.wireName().equals(map.get("engine"))) {
                errors.add("literal_error", at(loc, "engine"), "Input should be 'python', 'js' or 'cel'", map.get("engine"));
                engine = null;
            }
        }
        String script = requiredString(map, "script", loc, errors);
        return engine == null || script == null ? null : new Expr(engine, script);
    }

    /** {@code [{"timeout_ms": int|null}]}; null stays null. */
    static List<Condition> conditions(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            errors.add("list_type", loc, "Input should be a valid list", value);
            return null;
        }
        List<Condition> conditions = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> map = object(list.get(i), at(loc, i), errors);
            if (map == null) {
                continue;
            }
            Object timeout = map.get("timeout_ms");
            conditions.add(new Condition(timeout == null ? null : integer(timeout, at(at(loc, i), "timeout_ms"), errors)));
        }
        return conditions;
    }

    static Map<String, Object> optionalObject(Map<String, Object> item, String key, List<Object> loc, ValidationFailure.Errors errors) {
        Object value = item.get(key);
        return value == null ? null : object(value, at(loc, key), errors);
    }

    static List<Object> at(List<Object> loc, Object next) {
        List<Object> path = new ArrayList<>(loc.size() + 1);
        path.addAll(loc);
        path.add(next);
        return path;
    }
}
