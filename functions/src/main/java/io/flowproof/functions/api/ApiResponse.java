package io.flowproof.functions.api;

import io.flowproof.infra.json.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response: status, headers and body bytes. */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    public static ApiResponse json(int status, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return new ApiResponse(status, headers, WireJson.MAPPER.writeValueAsBytes(body));
    }

    /** A body that is already JSON text. */
    public static ApiResponse rawJson(int status, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return new ApiResponse(status, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse text(int status, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        return new ApiResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"detail": "<message>"}}, the error body of every failure. */
    public static ApiResponse detail(int status, String message) {
        return json(status, Map.of("detail", message));
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
