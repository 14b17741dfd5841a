package io.flowproof.functions.api;

import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * One endpoint: method, path template ({@code /v1/nodes/{id}}), the function that serves it in the
 * cloud ({@code ingest} or {@code evaluate}), whether it is public, its handler, and its documentation for
 * {@code /openapi.json} ({@link RouteDoc}; {@link #with} adds it).
 */
public record Route(String method, String template, String function, boolean isPublic, String summary,
        BiFunction<ApiRequest, Map<String, String>, Mono<ApiResponse>> handler, RouteDoc doc) {

    /** The function name of routes every cloud function serves (e.g. the connection check). */
    public static final String ANY_FUNCTION = "*";

    /** A route documented by its summary and template only (until {@link #with} adds more). */
    public Route(String method, String template, String function, boolean isPublic, String summary,
            BiFunction<ApiRequest, Map<String, String>, Mono<ApiResponse>> handler) {
        this(method, template, function, isPublic, summary, handler, RouteDoc.NONE);
    }

    public Route {
        doc = doc == null ? RouteDoc.NONE : doc;
    }

    /** This route with its OpenAPI documentation. */
    public Route with(RouteDoc documentation) {
        return new Route(method, template, function, isPublic, summary, handler, documentation);
    }

    boolean servedBy(String requestedFunction) {
        return requestedFunction == null || isPublic || function.equals(ANY_FUNCTION) || function.equals(requestedFunction);
    }

    /** Path variables when the path matches the template, else {@code null}. */
    Map<String, String> match(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> variables = null;
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                if (variables == null) {
                    variables = new java.util.HashMap<>(2);
                }
                String value;
                try {
                    value = java.net.URLDecoder.decode(got[i], java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null; // "%zz": no route matches (404), never a 500
                }
                variables.put(want[i].substring(1, want[i].length() - 1), value);
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return variables == null ? Map.of() : variables;
    }
}
