package io.flowproof.functions.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request, independent of where it came from (the local WebFlux server or a Lambda function
 * URL event). Header names are case-insensitive.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {

    public ApiRequest {
        method = method.toUpperCase(Locale.ROOT);
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> queryParams(String name) {
        return query.getOrDefault(name, List.of());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
