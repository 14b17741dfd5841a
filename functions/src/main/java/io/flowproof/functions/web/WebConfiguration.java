package io.flowproof.functions.web;

import io.flowproof.functions.api.ApiRequest;
import io.flowproof.functions.api.ApiResponse;
import io.flowproof.functions.api.ApiRouter;
import io.flowproof.functions.config.FlowproofProperties;
import io.flowproof.functions.telemetry.MetricsProperties;
import io.flowproof.functions.config.ReliabilityProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The local server hands every request to {@link ApiRouter}, which owns routing, auth, CORS and error
 * bodies for both the local app and Lambda. It is a first-in-line {@link WebFilter} rather than a route,
 * so WebFlux's own CORS preflight handling and Spring Cloud Function's {@code /{function}} endpoints never
 * see a request: those endpoints are unreachable, and unknown paths need the key like everything else.
 *
 * <p>Two exceptions go on to WebFlux (actuator): {@code /actuator/health/**} (liveness and readiness probes,
 * public) and {@code /actuator/prometheus} (public unless {@code flowproof.metrics.prometheus-public=false}). Every
 * other actuator path stays with the router (key, then 404); only those two endpoints are exposed anyway.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    ApiWebFilter apiWebFilter(ApiRouter router, FlowproofProperties properties, MetricsProperties metrics,
            ReliabilityProperties reliability) {
        return new ApiWebFilter(router, properties.maxBodyBytes(), metrics.prometheusPublic(), reliability.maxInFlight());
    }

    /**
     * Translates WebFlux exchanges to {@link ApiRequest} and back, admitting at most {@code maxInFlight} requests
     * at once (public routes and preflights excepted). A request over the limit is answered 503 with
     * {@code Retry-After: 1} and {@code Connection: close} before its body is read: under a burst the server sheds at
     * once instead of queueing requests (and their bodies) behind the database pool, so latency and memory stay
     * bounded.
     */
    static final class ApiWebFilter implements WebFilter, Ordered {

        static final int SHED_RETRY_AFTER_SECONDS = 1;

        private final ApiRouter router;
        private final int maxBodyBytes;
        private final boolean prometheusPublic;
        private final int maxInFlight;
        private final AtomicInteger inFlight = new AtomicInteger();

        ApiWebFilter(ApiRouter router, int maxBodyBytes, boolean prometheusPublic, int maxInFlight) {
            this.router = router;
            this.maxBodyBytes = maxBodyBytes;
            this.prometheusPublic = prometheusPublic;
            this.maxInFlight = maxInFlight;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
                return chain.filter(exchange); // public, like /health: probes carry no key
            }
            if (path.equals("/actuator/prometheus")) {
                ApiResponse denied = prometheusPublic ? null : router.denied(presentedKey(exchange.getRequest()));
                return denied == null ? chain.filter(exchange) : write(denied, exchange.getResponse());
            }
            if (maxInFlight <= 0) {
                return serve(exchange);
            }
            ServerHttpRequest request = exchange.getRequest();
            ApiRequest head = new ApiRequest(request.getMethod().name(), request.getPath().pathWithinApplication().value(),
                    request.getQueryParams(), headers(request), null);
            if (router.isExempt(head)) {
                return serve(exchange);
            }
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                // The body is never read, so the connection cannot be reused: say so, or a client could send its
                // next request on it while the server closes it (a reset instead of an answer).
                return write(router.overloaded(head, SHED_RETRY_AFTER_SECONDS).withHeader("Connection", "close"),
                        exchange.getResponse());
            }
            AtomicBoolean released = new AtomicBoolean();
            return serve(exchange).doFinally(signal -> {
                if (released.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            });
        }

        private Mono<Void> serve(ServerWebExchange exchange) {
            return toApi(exchange.getRequest())
                    .flatMap(router::handle)
                    .onErrorResume(DataBufferLimitException.class, e -> Mono.just(ApiResponse.detail(413,
                            "Request body too large: the limit is " + maxBodyBytes + " bytes")))
                    .flatMap(response -> write(response, exchange.getResponse()));
        }

        /** {@code X-Api-Key}, else a bearer token (what Prometheus' {@code authorization} scrape setting sends). */
        private static String presentedKey(ServerHttpRequest request) {
            String key = request.getHeaders().getFirst("X-Api-Key");
            String authorization = request.getHeaders().getFirst("Authorization");
            if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = authorization.substring(7).strip();
            }
            return key;
        }

        private static Map<String, String> headers(ServerHttpRequest request) {
            Map<String, String> headers = new LinkedHashMap<>();
            request.getHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            return headers;
        }

        private Mono<ApiRequest> toApi(ServerHttpRequest request) {
            Map<String, String> headers = headers(request);
            return DataBufferUtils.join(request.getBody(), maxBodyBytes)
                    .map(buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        return bytes;
                    })
                    .defaultIfEmpty(new byte[0])
                    .map(body -> new ApiRequest(request.getMethod().name(), request.getPath().pathWithinApplication().value(),
                            request.getQueryParams(), headers, body));
        }

        private static Mono<Void> write(ApiResponse response, ServerHttpResponse out) {
            out.setStatusCode(HttpStatusCode.valueOf(response.status()));
            response.headers().forEach((name, value) -> out.getHeaders().set(name, value));
            return out.writeWith(Mono.just(out.bufferFactory().wrap(response.body())));
        }
    }
}
