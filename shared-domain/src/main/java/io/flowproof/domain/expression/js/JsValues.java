package io.flowproof.domain.expression.js;

import io.flowproof.domain.expression.ExpressionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Symbol;
import org.mozilla.javascript.Undefined;

/**
 * Converts between JSON-like Java values and JS values.
 *
 * <p>Inputs are copied eagerly into plain {@code NativeObject}/{@code NativeArray} values on every call
 * (never cached: a script may mutate them, and the Java originals are never touched). All numbers become
 * JS numbers (doubles), as {@code JSON.parse} would give. Eager copies (rather than a lazy wrapper over
 * the Java maps) make everything ({@code Object.keys}, {@code JSON.stringify}, spread, {@code in},
 * {@code Array.isArray}, mutation of the copy) behave exactly as on plain JS objects; for event-sized data
 * the copy costs well under a microsecond (see {@code JsEngineBenchmark}).
 *
 * <p>Results: {@code undefined}/{@code null} become {@code null}; booleans {@code Boolean}; strings
 * {@code String}; numbers {@code Long} when integral and within ±2<sup>53</sup>, else {@code Double}
 * (NaN and infinities included); BigInt {@code BigInteger}; arrays {@code List}; plain objects
 * {@code Map} of their own enumerable string keys in JS order (like {@code JSON.stringify}); functions,
 * dates, regexps and other exotic objects their JS {@code String(x)} text.
 */
final class JsValues {

    private static final int MAX_DEPTH = 100;
    private static final double MAX_SAFE_INTEGER = 9007199254740991d;

    private JsValues() {}

    static Object toJs(Object value, JsSandbox sandbox, Scriptable scope) {
        return toJs(value, sandbox, scope, 0);
    }

    private static Object toJs(Object value, JsSandbox sandbox, Scriptable scope, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Double) {
            return value;
        }
        if (depth > MAX_DEPTH) {
            throw new ExpressionException("the input is nested too deeply");
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            NativeObject object = sandbox.newObject(scope);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                Object converted = toJs(entry.getValue(), sandbox, scope, depth + 1);
                int index = arrayIndex(key);
                if (index >= 0) {
                    object.put(index, object, converted);
                } else {
                    object.put(key, object, converted);
                }
            }
            return object;
        }
        if (value instanceof List<?> list) {
            Object[] elements = new Object[list.size()];
            int i = 0;
            for (Object element : list) {
                elements[i++] = toJs(element, sandbox, scope, depth + 1);
            }
            return sandbox.newArray(scope, elements);
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        throw new ExpressionException("unsupported input value of type " + value.getClass().getSimpleName());
    }

    /** A canonical array index ("0", "17"; not "01", "-1"), else -1. */
    private static int arrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > 9 || (length > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        int index = 0;
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }

    /** Converts a result; must run inside the evaluation's context (getters and toString may run). */
    static Object toJava(Object value) {
        return toJava(value, 0);
    }

    private static Object toJava(Object value, int depth) {
        if (value == null || Undefined.isUndefined(value) || value == Scriptable.NOT_FOUND) {
            return null;
        }
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof Number number) {
            return number(number.doubleValue());
        }
        if (value instanceof Symbol symbol) {
            return symbol.toString();
        }
        if (depth > MAX_DEPTH) {
            throw new ExpressionException("the result is nested too deeply (is it cyclic?)");
        }
        if (value instanceof NativeArray array) {
            long length = array.getLength();
            List<Object> list = new ArrayList<>((int) Math.min(length, 1024));
            for (int i = 0; i < length; i++) {
                list.add(toJava(ScriptableObject.getProperty(array, i), depth + 1));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof NativeObject object && !(value instanceof Callable)) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Object id : object.getIds()) {
                if (id instanceof Symbol) {
                    continue;
                }
                Object property = id instanceof Integer index
                        ? ScriptableObject.getProperty(object, index)
                        : ScriptableObject.getProperty(object, (String) id);
                map.put(String.valueOf(id), toJava(property, depth + 1));
            }
            return Collections.unmodifiableMap(map);
        }
        return Context.toString(value);
    }

    private static Object number(double value) {
        if (value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER) {
            return (long) value;
        }
        return value;
    }

    /** JS {@code String(x)} of a converted (Java) value. */
    static String display(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Double || value instanceof Float) {
            return ScriptRuntime.numberToString(((Number) value).doubleValue(), 10);
        }
        if (value instanceof BigDecimal decimal) {
            return ScriptRuntime.numberToString(decimal.doubleValue(), 10);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    joined.append(',');
                }
                Object element = list.get(i);
                if (element != null) {
                    joined.append(display(element));
                }
            }
            return joined.toString();
        }
        if (value instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return String.valueOf(value);
    }
}
