package io.flowproof.functions.api;

import java.util.List;

/**
 * CORS for browser clients (the Business-Use UI preflights every call because it sends
 * {@code X-API-Key} and a JSON content type). By default any origin is allowed, without credentials:
 * the key travels in a header, not a cookie. With an allow-list, only listed origins get CORS headers;
 * an entry may use one leading wildcard label ({@code https://*.example.com}).
 */
public final class Cors {

    private static final String METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

    private final List<String> allowedOrigins;

    /** @param allowedOrigins empty or {@code ["*"]} for any origin */
    public Cors(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether this is a CORS preflight (answered without authentication). */
    public boolean isPreflight(ApiRequest request) {
        return request.method().equals("OPTIONS") && request.header("Origin") != null
                && request.header("Access-Control-Request-Method") != null;
    }

    public ApiResponse preflight(ApiRequest request) {
        String origin = request.header("Origin");
        if (!allowed(origin)) {
            return ApiResponse.detail(403, "Origin not allowed").withHeader("Vary", "Origin");
        }
        String requestedHeaders = request.header("Access-Control-Request-Headers");
        ApiResponse response = ApiResponse.text(200, "OK")
                .withHeader("Access-Control-Allow-Origin", origin)
                .withHeader("Access-Control-Allow-Methods", METHODS)
                .withHeader("Access-Control-Max-Age", "600")
                .withHeader("Vary", "Origin");
        return requestedHeaders == null ? response : response.withHeader("Access-Control-Allow-Headers", requestedHeaders);
    }

    /** Adds CORS headers to an actual response when the request came from an allowed origin. */
    public ApiResponse decorate(ApiRequest request, ApiResponse response) {
        String origin = request.header("Origin");
        if (origin == null || !allowed(origin)) {
            return response;
        }
        return response.withHeader("Access-Control-Allow-Origin", origin).withHeader("Vary", "Origin");
    }

    boolean allowed(String origin) {
        if (allowedOrigins.isEmpty() || allowedOrigins.contains("*")) {
            return true;
        }
        for (String allowed : allowedOrigins) {
            if (allowed.equalsIgnoreCase(origin)) {
                return true;
            }
            int star = allowed.indexOf("://*.");
            if (star > 0) {
                String scheme = allowed.substring(0, star + 3);
                String suffix = allowed.substring(star + 4);
                if (origin.regionMatches(true, 0, scheme, 0, scheme.length())
                        && origin.toLowerCase().endsWith(suffix.toLowerCase())
                        && origin.length() > scheme.length() + suffix.length()) {
                    return true;
                }
            }
        }
        return false;
    }
}
