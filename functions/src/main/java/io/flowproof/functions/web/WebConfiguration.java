package io.flowproof.functions.web;

import io.flowproof.functions.api.ApiRequest;
import io.flowproof.functions.api.ApiResponse;
import io.flowproof.functions.api.ApiRouter;
import io.flowproof.functions.config.FlowproofProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The local server's only route: every request goes to {@link ApiRouter}, which owns routing, auth,
 * CORS and error bodies for both the local app and Lambda. Registered first, so Spring Cloud Function's
 * own {@code /{function}} endpoints are shadowed and need the key like everything else.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> flowproofApi(ApiRouter router, FlowproofProperties properties) {
        return RouterFunctions.route(RequestPredicates.all(), request -> toApi(request, properties.maxBodyBytes())
                .flatMap(router::handle)
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(ApiResponse.detail(413,
                        "Request body too large: the limit is " + properties.maxBodyBytes() + " bytes")))
                .flatMap(WebConfiguration::toServer));
    }

    private static Mono<ApiRequest> toApi(ServerRequest request, int maxBodyBytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().asHttpHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return DataBufferUtils.join(request.body((message, context) -> message.getBody()), maxBodyBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(body -> new ApiRequest(request.method().name(), request.path(), request.queryParams(), headers, body));
    }

    private static Mono<ServerResponse> toServer(ApiResponse response) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(HttpStatusCode.valueOf(response.status()));
        response.headers().forEach(builder::header);
        return builder.body(BodyInserters.fromValue(response.body()));
    }
}
