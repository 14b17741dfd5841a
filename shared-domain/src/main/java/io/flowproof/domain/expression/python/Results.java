package io.flowproof.domain.expression.python;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands results back as JSON-like Java values. Tuples are already {@link List}s and script-made lists,
 * dicts and sets are already Java collections; values with no JSON form (a range, a generator, a
 * function) become their Python {@code str()}, which is what a run-id extractor would print.
 */
final class Results {

    private Results() {}

    static Object export(Object value) {
        if (value == null || value instanceof Boolean || value instanceof String || value instanceof Number) {
            return value;
        }
        if (value instanceof List || value instanceof Map || value instanceof Set) {
            return clean(value, 0) ? value : copy(value, 0);
        }
        return Repr.str(value);
    }

    private static boolean clean(Object value, int depth) {
        if (depth > 100) {
            return false;
        }
        if (value instanceof List<?> l) {
            for (Object o : l) {
                if (!clean(o, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!clean(e.getKey(), depth + 1) || !clean(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Set<?> s) {
            for (Object o : s) {
                if (!clean(o, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return value == null || value instanceof Boolean || value instanceof String || value instanceof Number;
    }

    private static Object copy(Object value, int depth) {
        if (depth > 100) {
            return Repr.str(value);
        }
        if (value instanceof PyTuple t) {
            Object[] items = new Object[t.items.length];
            for (int i = 0; i < items.length; i++) {
                items[i] = copy(t.items[i], depth + 1);
            }
            return new PyTuple(items);
        }
        if (value instanceof List<?> l) {
            PyList out = new PyList(l.size());
            for (Object o : l) {
                out.add(copy(o, depth + 1));
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            PyDict out = new PyDict();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(copy(e.getKey(), depth + 1), copy(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof Set<?> s) {
            PySet out = new PySet();
            for (Object o : s) {
                out.add(copy(o, depth + 1));
            }
            return out;
        }
        return export(value);
    }
}
