package io.flowproof.functions.api;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.evaluation.EvaluationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The HTTP API, defined once: routing, CORS, authentication and the mapping of failures to status codes.
 * The local WebFlux server and the Lambda function-URL adapter both hand requests to {@link #handle}.
 *
 * <p>Order of checks: CORS preflight (public), route lookup, API key (401 missing, 403 wrong), then the
 * handler (body and query validation give 422). Unknown paths answer 404 only after authentication, so
 * the key also guards every endpoint Spring Cloud Function's web support would expose.
 */
public final class ApiRouter {

    private final List<Route> routes;
    private final ApiKeys keys;
    private final Cors cors;
    private final Consumer<Throwable> unexpected;

    public ApiRouter(List<Route> routes, ApiKeys keys, Cors cors, Consumer<Throwable> unexpected) {
        this.routes = List.copyOf(routes);
        this.keys = keys;
        this.cors = cors;
        this.unexpected = unexpected;
    }

    public List<Route> routes() {
        return routes;
    }

    /** Handles any request. */
    public Mono<ApiResponse> handle(ApiRequest request) {
        return handle(request, null);
    }

    /**
     * Handles a request for one cloud function: routes that belong to another function answer 404.
     *
     * @param function {@code ingest}, {@code evaluate}, ... or {@code null} for all routes
     */
    public Mono<ApiResponse> handle(ApiRequest request, String function) {
        if (cors.isPreflight(request)) {
            return Mono.just(cors.preflight(request));
        }
        return dispatch(request, function)
                .onErrorResume(this::failure)
                .map(response -> cors.decorate(request, response));
    }

    /**
     * The answer to a request the server has no capacity for right now (local server's in-flight limit): 503 with
     * {@code Retry-After}, CORS headers as for any answer. Nothing was read or stored.
     */
    public ApiResponse overloaded(ApiRequest request, int retryAfterSeconds) {
        return cors.decorate(request, ApiResponse.detail(503, "Service temporarily overloaded: too many requests in "
                + "progress. Nothing was stored; retry later.").withHeader("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** Whether {@code request} is one the server must answer even when overloaded: public routes and CORS preflights. */
    public boolean isExempt(ApiRequest request) {
        if (cors.isPreflight(request)) {
            return true;
        }
        for (Route route : routes) {
            if (route.isPublic() && route.match(request.path()) != null) {
                return true;
            }
        }
        return false;
    }

    private Mono<ApiResponse> dispatch(ApiRequest request, String function) {
        List<Route> samePath = new ArrayList<>(2);
        for (Route route : routes) {
            Map<String, String> variables = route.match(request.path());
            if (variables == null || !route.servedBy(function)) {
                continue;
            }
            if (route.method().equals(request.method()) || (request.method().equals("HEAD") && route.method().equals("GET"))) {
                if (!route.isPublic()) {
                    ApiResponse denied = authenticate(request);
                    if (denied != null) {
                        return Mono.just(denied);
                    }
                }
                return Mono.defer(() -> {
                    RequestLimits.checkQueryAndPath(request, variables);
                    return route.handler().apply(request, variables);
                });
            }
            samePath.add(route);
        }
        boolean isPublicPath = samePath.stream().allMatch(Route::isPublic) && !samePath.isEmpty();
        if (!isPublicPath) {
            ApiResponse denied = authenticate(request);
            if (denied != null) {
                return Mono.just(denied);
            }
        }
        if (!samePath.isEmpty()) {
            String allowed = samePath.stream().map(Route::method).collect(Collectors.joining(", "));
            return Mono.just(ApiResponse.detail(405, "Method Not Allowed").withHeader("Allow", allowed));
        }
        return Mono.just(ApiResponse.detail(404, "Not Found"));
    }

    private ApiResponse authenticate(ApiRequest request) {
        return denied(request.header("X-Api-Key"));
    }

    /**
     * The key check alone, for endpoints served beside the router (e.g. {@code /actuator/prometheus}):
     * 401 when {@code presentedKey} is missing, 403 when wrong, {@code null} when it is the key.
     */
    public ApiResponse denied(String presentedKey) {
        return switch (keys.check(presentedKey)) {
            case OK -> null;
            case MISSING -> ApiResponse.detail(401, "X-Api-Key header is missing");
            case INVALID -> ApiResponse.detail(403, "Invalid API key");
        };
    }

    /** The one mapping from failures to HTTP answers. */
    private Mono<ApiResponse> failure(Throwable error) {
        if (error instanceof ValidationFailure invalid) {
            return Mono.just(ApiResponse.json(422, Map.of("detail", invalid.errors())));
        }
        if (error instanceof DomainException.Invalid invalid) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", "value_error");
            item.put("loc", invalid.location());
            item.put("msg", invalid.getMessage());
            return Mono.just(ApiResponse.json(422, Map.of("detail", List.of(item))));
        }
        if (error instanceof DomainException.NotFound) {
            return Mono.just(ApiResponse.detail(404, error.getMessage()));
        }
        if (error instanceof DomainException.Conflict) {
            return Mono.just(ApiResponse.detail(409, error.getMessage()));
        }
        if (error instanceof DomainException.Rejected) {
            return Mono.just(ApiResponse.detail(400, error.getMessage()));
        }
        if (error instanceof DomainException.Unavailable) {
            return Mono.just(ApiResponse.detail(503, "Service temporarily unavailable: the database cannot be reached. "
                    + "Nothing was stored; retry later.").withHeader("Retry-After", "5"));
        }
        if (error instanceof PayloadTooLarge tooLarge) {
            return Mono.just(ApiResponse.detail(413, tooLarge.getMessage()));
        }
        if (error instanceof EvaluationException evaluation) {
            int status = switch (evaluation.reason()) {
                case NO_EVENTS, NO_NODES -> 404;
                case CYCLE -> 422;
                case UNKNOWN_START_NODE -> 400;
            };
            return Mono.just(ApiResponse.detail(status, evaluation.getMessage()));
        }
        unexpected.accept(error);
        return Mono.just(ApiResponse.detail(500, "Internal Server Error"));
    }

    /** A request body above the configured limit (413). */
    public static final class PayloadTooLarge extends RuntimeException {
        public PayloadTooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /** Paths answered without a key, for documentation and tests. */
    public Set<String> publicTemplates() {
        return routes.stream().filter(Route::isPublic).map(Route::template).collect(Collectors.toSet());
    }
}
