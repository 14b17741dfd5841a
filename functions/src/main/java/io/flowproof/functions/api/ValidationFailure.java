package io.flowproof.functions.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request whose body or query is invalid: answered with 422 and a pydantic-style
 * {@code {"detail":[{"type","loc","msg","input"}...]}} body, naming every bad field.
 */
public final class ValidationFailure extends RuntimeException {

    private final List<Map<String, Object>> errors;

    ValidationFailure(List<Map<String, Object>> errors) {
        super(errors.isEmpty() ? "invalid request" : String.valueOf(errors.get(0).get("msg")), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<Map<String, Object>> errors() {
        return errors;
    }

    /** Adds a {@code ctx.error} explanation to the first error (e.g. where the JSON is broken). */
    ValidationFailure withContext(String error) {
        List<Map<String, Object>> copy = new ArrayList<>();
        for (Map<String, Object> item : errors) {
            copy.add(new LinkedHashMap<>(item));
        }
        copy.get(0).put("ctx", Map.of("error", error));
        return new ValidationFailure(copy);
    }

    static ValidationFailure of(String type, List<Object> loc, String msg, Object input) {
        Errors errors = new Errors();
        errors.add(type, loc, msg, input);
        return new ValidationFailure(errors.items);
    }

    /** Collects errors of one request. */
    static final class Errors {
        private final List<Map<String, Object>> items = new ArrayList<>();

        void add(String type, List<Object> loc, String msg, Object input) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", type);
            item.put("loc", loc);
            item.put("msg", msg);
            item.put("input", abbreviate(input));
            items.add(item);
        }

        boolean isEmpty() {
            return items.isEmpty();
        }

        void throwIfAny() {
            if (!items.isEmpty()) {
                throw new ValidationFailure(items);
            }
        }

        /** Echoes small inputs only: a 10 MB string must not be sent back. */
        private static Object abbreviate(Object input) {
            if (input instanceof String s && s.length() > 200) {
                return s.substring(0, 200) + "…";
            }
            if (input instanceof Map<?, ?> || input instanceof List<?>) {
                String text = String.valueOf(input);
                return text.length() > 200 ? "<" + (input instanceof Map<?, ?> ? "object" : "array") + ">" : input;
            }
            return input;
        }
    }
}
