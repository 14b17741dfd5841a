package io.flowproof.functions.lambda;

import io.flowproof.functions.api.ApiRequest;
import io.flowproof.functions.api.ApiResponse;
import io.flowproof.functions.api.ApiRouter;
import io.flowproof.infra.json.WireJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * Maps Lambda function-URL requests (payload format 2.0) onto the same {@link ApiRouter} the local server
 * uses, so routing, authentication, CORS and error bodies are defined once.
 *
 * <p>Spring Cloud Function's AWS adapter hands a {@code Message<byte[]>} function the raw event JSON as its
 * payload (other input types get the body converted, and a JSON-array body split into elements, which
 * would break {@code /v1/events-batch}). The answer is a message whose {@code statusCode} header becomes
 * the HTTP status and whose other headers become response headers.
 */
public final class FunctionUrlAdapter {

    private final ApiRouter router;
    private final int maxBodyBytes;

    /** @param maxBodyBytes larger bodies get 413, as on the local server */
    public FunctionUrlAdapter(ApiRouter router, int maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Handles one function-URL invocation for the named function ({@code ingest}, {@code evaluate}, ...). */
    public Mono<Message<byte[]>> handle(Message<byte[]> event, String function) {
        ApiRequest request;
        try {
            request = toApi(event.getPayload());
        } catch (IllegalArgumentException e) {
            return Mono.just(toMessage(ApiResponse.detail(400, e.getMessage())));
        }
        if (request.body().length > maxBodyBytes) {
            return Mono.just(toMessage(ApiResponse.detail(413, "Request body too large: the limit is " + maxBodyBytes + " bytes")));
        }
        return router.handle(request, function).map(FunctionUrlAdapter::toMessage);
    }

    @SuppressWarnings("unchecked")
    static ApiRequest toApi(byte[] rawEvent) {
        Map<String, Object> event;
        try {
            event = WireJson.readObject(new String(rawEvent, StandardCharsets.UTF_8));
        } catch (JacksonException | ClassCastException e) {
            throw new IllegalArgumentException("Not a function URL event: the invocation payload is not a JSON object");
        }
        if (event == null || !(event.get("requestContext") instanceof Map<?, ?> context)
                || !(context.get("http") instanceof Map<?, ?> http)) {
            throw new IllegalArgumentException("Not a function URL event (payload format 2.0): requestContext.http is missing");
        }
        String method = String.valueOf(http.get("method"));
        String path = event.get("rawPath") instanceof String raw ? raw : String.valueOf(http.get("path"));
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.get("headers") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        byte[] body = new byte[0];
        if (event.get("body") instanceof String text) {
            body = Boolean.TRUE.equals(event.get("isBase64Encoded"))
                    ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        }
        return new ApiRequest(method, path, query((String) event.get("rawQueryString")), headers, body);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    static Message<byte[]> toMessage(ApiResponse response) {
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(response.body()).setHeader("statusCode", response.status());
        response.headers().forEach(message::setHeader);
        return message.build();
    }
}
