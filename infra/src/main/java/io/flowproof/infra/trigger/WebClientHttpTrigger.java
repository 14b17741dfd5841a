package io.flowproof.infra.trigger;

import io.flowproof.domain.ensure.TriggerFailure;
import io.flowproof.domain.ensure.TriggerSpec;
import io.flowproof.domain.port.TriggerExecutor;
import io.flowproof.infra.json.WireJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;

/**
 * The {@code http_request} trigger (flows-yaml.md §4): one request with the node's method (default GET), URL,
 * headers and raw body (sent only when not null; a non-string body is sent as JSON), plus
 * {@code Idempotency-Key: <ensureRunId>:<stepId>}, within the node's timeout (default 30 s). Output: the response
 * JSON, or {@code {"text", "status_code"}} when the body is not JSON. Redirects are not followed.
 *
 * <p>Failures: 5xx, 408, 429, network errors and timeouts are retryable; other 4xx and refused hosts are not.
 */
public final class WebClientHttpTrigger implements TriggerExecutor {

    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final int MAX_ERROR_TEXT = 500;

    private final WebClient client;
    private final OutboundPolicy policy;

    public WebClientHttpTrigger(OutboundPolicy policy) {
        this.policy = policy;
        HttpClient http = HttpClient.create().followRedirect(false);
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
                .build();
    }

    @Override
    public String handler() {
        return TriggerSpec.HTTP_REQUEST;
    }

    @Override
    public Mono<Object> fire(TriggerRequest request) {
        Map<String, Object> input = request.input();
        String method = String.valueOf(input.get("method"));
        return Mono.fromCallable(() -> uri(String.valueOf(input.get("url"))))
                // DNS resolution blocks: check the host on the bounded elastic scheduler
                .flatMap(uri -> Mono.fromRunnable(() -> policy.check(uri)).subscribeOn(Schedulers.boundedElastic())
                        .then(Mono.defer(() -> exchange(method, uri, input, request.idempotencyKey()))))
                .timeout(request.timeout())
                .onErrorMap(error -> translate(error, request.timeout()));
    }

    private Mono<Object> exchange(String method, URI uri, Map<String, Object> input, String idempotencyKey) {
        WebClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(method)).uri(uri)
                .headers(headers -> {
                    if (input.get("headers") instanceof Map<?, ?> given) {
                        given.forEach((name, value) -> headers.set(String.valueOf(name), String.valueOf(value)));
                    }
                    headers.set("Idempotency-Key", idempotencyKey);
                });
        Object body = input.get("body");
        WebClient.RequestHeadersSpec<?> ready = body == null ? spec
                : spec.bodyValue(body instanceof String text ? text : WireJson.write(body));
        return ready.exchangeToMono(this::output);
    }

    private Mono<Object> output(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(String.class).defaultIfEmpty("").map(text -> {
            if (status >= 400) {
                boolean retryable = status >= 500 || status == 408 || status == 429;
                throw new TriggerFailure("HTTP " + status + (text.isEmpty() ? "" : ": " + abbreviate(text)), retryable);
            }
            Object json = parse(text);
            if (json != null) {
                return json;
            }
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("text", text);
            plain.put("status_code", (long) status);
            return plain;
        });
    }

    private static Object parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return WireJson.read(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static URI uri(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new TriggerFailure("Invalid trigger URL (only http and https): " + url, false);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new TriggerFailure("Invalid trigger URL: " + e.getMessage(), false);
        }
    }

    private static Throwable translate(Throwable error, Duration timeout) {
        if (error instanceof TriggerFailure) {
            return error;
        }
        if (error instanceof TimeoutException) {
            return new TriggerFailure("HTTP request timed out after " + timeout.toMillis() + "ms", true);
        }
        if (error instanceof IllegalArgumentException) {
            return new TriggerFailure("Invalid HTTP request: " + error.getMessage(), false);
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new TriggerFailure("HTTP request failed: " + message, true);
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
    }
}
