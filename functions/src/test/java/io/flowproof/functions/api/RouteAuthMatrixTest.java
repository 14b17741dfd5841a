package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.functions.lambda.FunctionUrlAdapter;
import io.flowproof.functions.reliability.RouteCatalog;
import io.flowproof.infra.json.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The auth matrix over every route the router serves (taken from the running {@link ApiRouter}, so a new route cannot
 * be forgotten): no key → 401, a wrong key → 403, the right key → neither (and no 5xx), public routes open; on the
 * local server and through the Lambda function-URL adapter, for the function that serves the route.
 */
class RouteAuthMatrixTest extends ApiTestSupport {

    @Autowired
    ApiRouter router;

    @Autowired
    FunctionUrlAdapter lambda;

    @Test
    void theRouteCatalogUsedBySystemTestsIsExactlyWhatTheRouterServes() {
        List<String> served = router.routes().stream().map(r -> r.method() + " " + r.template()).sorted().toList();
        List<String> catalog = RouteCatalog.all().stream().map(r -> r.method() + " " + r.template()).sorted().toList();
        assertThat(catalog).isEqualTo(served).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void everyRouteNeedsTheKeyUnlessItIsPublicOverHttpAndLambda() {
        List<String> failures = new ArrayList<>();
        for (Route route : router.routes()) {
            String path = RouteCatalog.examplePath(route);
            String name = route.method() + " " + route.template();
            int anonymous = http(route.method(), path, null);
            int wrongKey = http(route.method(), path, "wrong-" + KEY);
            int rightKey = http(route.method(), path, KEY);
            String function = route.function().equals(Route.ANY_FUNCTION) ? V1Api.EVALUATE : route.function();
            int lambdaAnonymous = lambda(route.method(), path, null, function);
            int lambdaWrongKey = lambda(route.method(), path, "wrong-" + KEY, function);
            int lambdaRightKey = lambda(route.method(), path, KEY, function);
            if (route.isPublic()) {
                // public: served without a key (a redirect or a 404 for the placeholder file name count as served)
                expect(failures, name + " public, no key (http, lambda)", allowed(anonymous) && anonymous == lambdaAnonymous, anonymous,
                        lambdaAnonymous);
            } else {
                expect(failures, name + " no key → 401 (http, lambda)", anonymous == 401 && lambdaAnonymous == 401, anonymous, lambdaAnonymous);
                expect(failures, name + " wrong key → 403 (http, lambda)", wrongKey == 403 && lambdaWrongKey == 403, wrongKey, lambdaWrongKey);
            }
            expect(failures, name + " right key → not 401/403/5xx (http, lambda)", allowed(rightKey) && allowed(lambdaRightKey), rightKey,
                    lambdaRightKey);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void unknownPathsAndTheFunctionEndpointsOfSpringCloudFunctionNeedTheKeyToo() {
        for (String path : List.of("/v1/nope", "/ingest", "/evaluate", "/trigger", "/poll", "/migrate", "/functions", "/actuator/env")) {
            assertThat(http("POST", path, null)).as(path).isEqualTo(401);
            assertThat(http("GET", path, null)).as(path).isEqualTo(401);
            assertThat(http("POST", path, KEY)).as(path).isIn(404, 405);
        }
    }

    private static boolean allowed(int status) {
        return status != 401 && status != 403 && status < 500;
    }

    private static void expect(List<String> failures, String what, boolean ok, int http, int lambda) {
        if (!ok) {
            failures.add(what + ": got " + http + ", " + lambda);
        }
    }

    private int http(String method, String path, String key) {
        WebTestClient.RequestBodySpec request = client.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .method(HttpMethod.valueOf(method)).uri(path);
        if (key != null) {
            request = request.header("X-Api-Key", key);
        }
        WebTestClient.RequestHeadersSpec<?> ready = method.equals("GET") || method.equals("DELETE") ? request
                : request.header("Content-Type", "application/json").bodyValue("{}");
        return ready.exchange().returnResult(byte[].class).getStatus().value();
    }

    private int lambda(String method, String path, String key, String function) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (key != null) {
            headers.put("x-api-key", key);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path)));
        event.put("body", method.equals("GET") || method.equals("DELETE") ? null : "{}");
        event.put("isBase64Encoded", false);
        Message<byte[]> answer = lambda.handle(MessageBuilder.withPayload(WireJson.write(event).getBytes(StandardCharsets.UTF_8)).build(),
                function).block(Duration.ofSeconds(20));
        return (Integer) answer.getHeaders().get("statusCode");
    }
}
