package io.flowproof.functions.api;

import io.flowproof.domain.expression.Expr;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The documented limits on request input, enforced the same way for the local server and the Lambda function URLs
 * (both hand requests to {@link ApiRouter}). A body over {@link #maxBodyBytes()} is refused with 413 before it is
 * read in full; everything else is a 422 naming the field:
 *
 * <ul>
 *   <li>the parser refuses nesting deeper than {@link #maxDepth()} + {@value #ENVELOPE_DEPTH} (the request's own
 *       levels), numbers longer than {@value #MAX_NUMBER_CHARS} characters and duplicate keys, so a 100,000-level
 *       body costs a few microseconds, not a stack;</li>
 *   <li>every string and key of a body is checked for NUL characters (Postgres cannot store them in text or jsonb,
 *       and they would otherwise surface as a 500), every number for being finite ({@code 1e400} is not) and below
 *       2^63 in magnitude (integers beyond 64 bits are refused by the parser; a decimal such as {@code 1e19} would be
 *       stored by jsonb as the integer 10000000000000000000, which the store could not read back);</li>
 *   <li>{@code data} (and {@code additional_meta}, {@code handler_input}) at most {@link #maxDataBytes()} as JSON and
 *       {@link #maxDepth()} levels deep; ids (flow, node id, run id, dep ids, idempotency key) at most
 *       {@link #maxIdLength()} characters; expression sources at most {@link #maxExpressionLength()} characters;
 *       at most {@link #maxBatchItems()} events per batch.</li>
 * </ul>
 */
public final class RequestLimits {

    /** Levels a request adds around a {@code data} value: batch array, item, and a few for node bodies. */
    static final int ENVELOPE_DEPTH = 8;
    static final int MAX_NUMBER_CHARS = 100;
    private static final double LONG_RANGE = 9.223372036854775807E18;

    private final int maxBodyBytes;
    private final int maxBatchItems;
    private final int maxDataBytes;
    private final int maxDepth;
    private final int maxIdLength;
    private final int maxExpressionLength;
    private final JsonMapper parser;

    public RequestLimits(int maxBodyBytes, int maxBatchItems, int maxDataBytes, int maxDepth, int maxIdLength,
            int maxExpressionLength) {
        this.maxBodyBytes = positive(maxBodyBytes, "max body bytes");
        this.maxBatchItems = positive(maxBatchItems, "max batch items");
        this.maxDataBytes = positive(maxDataBytes, "max data bytes");
        this.maxDepth = positive(maxDepth, "max JSON depth");
        this.maxIdLength = positive(maxIdLength, "max id length");
        this.maxExpressionLength = positive(maxExpressionLength, "max expression length");
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth + ENVELOPE_DEPTH)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .maxStringLength(Math.max(maxBodyBytes, 1))
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.parser = JsonMapper.builder(factory).enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
    }

    /** The defaults documented in the README ("Limits"). */
    public static RequestLimits defaults() {
        return new RequestLimits(10_485_760, 10_000, 1_048_576, 32, 512, 65_536);
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxBatchItems() {
        return maxBatchItems;
    }

    public int maxDataBytes() {
        return maxDataBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxIdLength() {
        return maxIdLength;
    }

    public int maxExpressionLength() {
        return maxExpressionLength;
    }

    // --- whole body ---------------------------------------------------------------------------------

    /** Parses a JSON body within the parser limits and checks every string and number; 422 otherwise. */
    Object parse(ApiRequest request) {
        if (request.body().length > maxBodyBytes) {
            throw new ApiRouter.PayloadTooLarge("Request body too large: the limit is " + maxBodyBytes + " bytes");
        }
        if (request.body().length == 0) {
            throw ValidationFailure.of("missing", List.of("body"), "Field required", null);
        }
        Object value;
        try {
            value = parser.readValue(request.body(), Object.class);
        } catch (JacksonException e) {
            String reason = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw ValidationFailure.of("json_invalid", List.of("body", 0), "JSON decode error", Map.of())
                    .withContext(abbreviate(reason) + where);
        }
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        storable(value, List.of("body"), errors);
        errors.throwIfAny();
        return value;
    }

    /** Records the first NUL character or non-finite number found in {@code value}; true when clean. */
    private static boolean storable(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        if (value instanceof String s) {
            if (s.indexOf('\0') >= 0) {
                errors.add("string_nul", loc, "String should not contain NUL (\\u0000) characters", s);
                return false;
            }
        } else if (value instanceof Double d) {
            if (d.isInfinite() || d.isNaN()) {
                errors.add("finite_number", loc, "Input should be a finite number", String.valueOf(d));
                return false;
            }
            if (Math.abs(d) >= LONG_RANGE) {
                // jsonb writes 1e19 back as 10000000000000000000, an integer beyond 64 bits that cannot be read again
                errors.add("number_too_large", loc, "Input should be a number of magnitude below 9.2e18 (2^63)", String.valueOf(d));
                return false;
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.indexOf('\0') >= 0) {
                    errors.add("string_nul", loc, "Keys should not contain NUL (\\u0000) characters", key);
                    return false;
                }
                if (!storable(entry.getValue(), JsonBody.at(loc, key), errors)) {
                    return false;
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!storable(list.get(i), JsonBody.at(loc, i), errors)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Query parameters and path variables reach SQL as text: a NUL character in one is a 422 naming it. */
    static void checkQueryAndPath(ApiRequest request, Map<String, String> pathVariables) {
        ValidationFailure.Errors errors = new ValidationFailure.Errors();
        request.query().forEach((name, values) -> {
            if (name.indexOf('\0') >= 0 || values.stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0)) {
                errors.add("string_nul", List.of("query", name), "Query parameters should not contain NUL (\\u0000) characters",
                        String.join(",", values));
            }
        });
        pathVariables.forEach((name, value) -> {
            if (value.indexOf('\0') >= 0) {
                errors.add("string_nul", List.of("path", name), "Path parameters should not contain NUL (\\u0000) characters", value);
            }
        });
        errors.throwIfAny();
    }

    // --- fields -------------------------------------------------------------------------------------

    /** An id-like string (flow, node id, run id, ...) within {@link #maxIdLength()}; null passes. */
    void id(String value, List<Object> loc, ValidationFailure.Errors errors) {
        if (value != null && value.length() > maxIdLength) {
            errors.add("string_too_long", loc, "String should have at most " + maxIdLength + " characters", value);
        }
    }

    void ids(List<String> values, List<Object> loc, ValidationFailure.Errors errors) {
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                id(values.get(i), JsonBody.at(loc, i), errors);
            }
        }
    }

    /** An expression source within {@link #maxExpressionLength()}; null passes. */
    void expr(Expr expr, List<Object> loc, ValidationFailure.Errors errors) {
        if (expr != null) {
            script(expr.script(), JsonBody.at(loc, "script"), errors);
        }
    }

    void script(String script, List<Object> loc, ValidationFailure.Errors errors) {
        if (script != null && script.length() > maxExpressionLength) {
            errors.add("string_too_long", loc, "Expression should have at most " + maxExpressionLength + " characters", script);
        }
    }

    /** {@code handler_input.params.run_id_extractor.script}, the one expression inside a handler input. */
    void handlerInput(Map<String, Object> handlerInput, List<Object> loc, ValidationFailure.Errors errors) {
        if (handlerInput == null) {
            return;
        }
        json(handlerInput, loc, errors);
        if (handlerInput.get("params") instanceof Map<?, ?> params && params.get("run_id_extractor") instanceof Map<?, ?> extractor
                && extractor.get("script") instanceof String script) {
            script(script, JsonBody.at(JsonBody.at(JsonBody.at(loc, "params"), "run_id_extractor"), "script"), errors);
        }
    }

    /**
     * A free-form JSON value ({@code data}, {@code additional_meta}): at most {@link #maxDepth()} levels deep (the
     * value itself is level 1) and {@link #maxDataBytes()} bytes as compact JSON (counted, not written).
     */
    void json(Object value, List<Object> loc, ValidationFailure.Errors errors) {
        if (value == null) {
            return;
        }
        long size = measure(value, 1);
        if (size == TOO_DEEP) {
            errors.add("too_deep", loc, "Value should nest at most " + maxDepth + " levels deep", value);
        } else if (size > maxDataBytes) {
            errors.add("too_large", loc, "Value should be at most " + maxDataBytes + " bytes as JSON", value);
        }
    }

    private static final long TOO_DEEP = -1;

    /** Compact-JSON size of {@code value} (an upper bound for escapes), stopping early past the limits. */
    private long measure(Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (depth > maxDepth) {
                return TOO_DEEP;
            }
            long size = 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                long inner = measure(entry.getValue(), depth + 1);
                if (inner == TOO_DEEP) {
                    return TOO_DEEP;
                }
                size += textSize(String.valueOf(entry.getKey())) + 2 + inner;
                if (size > maxDataBytes) {
                    return size;
                }
            }
            return size;
        }
        if (value instanceof List<?> list) {
            if (depth > maxDepth) {
                return TOO_DEEP;
            }
            long size = 2;
            for (Object item : list) {
                long inner = measure(item, depth + 1);
                if (inner == TOO_DEEP) {
                    return TOO_DEEP;
                }
                size += inner + 1;
                if (size > maxDataBytes) {
                    return size;
                }
            }
            return size;
        }
        if (value instanceof String s) {
            return textSize(s);
        }
        return value == null ? 4 : String.valueOf(value).length();
    }

    /** UTF-8 length plus quotes (each char at most 3 bytes; escapes are rare enough not to count exactly). */
    private static long textSize(String s) {
        long bytes = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return bytes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }
}
