package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.functions.lambda.FunctionUrlAdapter;
import io.flowproof.infra.json.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.TestPropertySource;

/**
 * The documented input limits (README "Limits"), set small here so each is cheap to cross: 413 for the body, 422
 * naming the field for everything else, on the local server and through the Lambda function-URL adapter alike.
 */
@TestPropertySource(properties = {
        "flowproof.max-body-bytes=4096", "flowproof.max-batch-items=3", "flowproof.max-data-bytes=200",
        "flowproof.max-json-depth=4", "flowproof.max-id-length=20", "flowproof.max-expression-length=40"})
class RequestLimitsTest extends ApiTestSupport {

    @Autowired
    FunctionUrlAdapter lambda;

    private static String item(String flow, String id, String runId, String data) {
        return "{\"flow\":\"" + flow + "\",\"id\":\"" + id + "\",\"run_id\":\"" + runId + "\",\"type\":\"act\",\"data\":" + data
                + ",\"ts\":1}";
    }

    @ParameterizedTest
    @CsvSource({"POST,/v1/events-batch", "POST,/v1/run-eval", "POST,/v1/nodes", "PUT,/v1/nodes/n1", "POST,/v1/nodes/scan",
            "POST,/v1/ensure-runs", "POST,/v1/flows/validate"})
    void refusesABodyOverTheLimitWith413OnEveryEndpointThatTakesOne(String method, String path) {
        String big = "[" + "1,".repeat(3000) + "1]";
        api().method(HttpMethod.valueOf(method)).uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("4096"));
        assertThat(lambda(method, path, big).getHeaders().get("statusCode")).isEqualTo(413);
    }

    @Test
    void refusesMoreItemsThanTheBatchLimit() {
        String item = item("f", "a", "r1", "{}");
        expect422("/v1/events-batch", "[" + String.join(",", item, item, item, item) + "]", "too_long", "body");
    }

    @Test
    void refusesDataNestedDeeperThanTheLimitNamingTheField() {
        expect422("/v1/events-batch", "[" + item("f", "a", "r1", "{\"a\":{\"b\":{\"c\":{\"d\":[1]}}}}") + "]", "too_deep", "body", 0, "data");
        api().post().uri("/v1/events-batch").bodyValue("[" + item("f", "a", "r1", "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}") + "]")
                .exchange().expectStatus().isOk();
    }

    @Test
    void refusesDataLargerThanTheLimitNamingTheField() {
        String data = "{\"text\":\"" + "x".repeat(250) + "\"}";
        expect422("/v1/events-batch", "[" + item("f", "a", "r1", data) + "]", "too_large", "body", 0, "data");
        expect422("/v1/nodes", "{\"flow\":\"f\",\"id\":\"n\",\"type\":\"generic\",\"additional_meta\":" + data + "}", "too_large",
                "body", "additional_meta");
    }

    @Test
    void refusesIdsLongerThanTheLimitNamingEachField() {
        String longId = "i".repeat(21);
        expect422("/v1/events-batch", "[" + item("f", "a", longId, "{}") + "]", "string_too_long", "body", 0, "run_id");
        expect422("/v1/events-batch", "[" + item(longId, "a", "r", "{}") + "]", "string_too_long", "body", 0, "flow");
        expect422("/v1/events-batch", "[" + item("f", longId, "r", "{}") + "]", "string_too_long", "body", 0, "id");
        expect422("/v1/run-eval", "{\"run_id\":\"" + longId + "\",\"flow\":\"f\"}", "string_too_long", "body", "run_id");
        expect422("/v1/nodes", "{\"flow\":\"f\",\"id\":\"n\",\"type\":\"generic\",\"dep_ids\":[\"ok\",\"" + longId + "\"]}",
                "string_too_long", "body", "dep_ids", 1);
        expect422("/v1/ensure-runs", "{\"flow\":\"f\",\"idempotency_key\":\"" + longId + "\"}", "string_too_long", "body",
                "idempotency_key");
        expect422("/v1/nodes/scan", "{\"scanned_at\":\"x\",\"files_scanned\":1,\"flows\":{\"f\":[{\"id\":\"" + longId
                + "\",\"flow\":\"f\",\"type\":\"act\"}]}}", "string_too_long", "body", "flows", "f", 0, "id");
    }

    @Test
    void refusesExpressionsLongerThanTheLimitNamingTheScript() {
        String script = "data.x == 1 " + "&& true ".repeat(5);
        String expr = "{\"engine\":\"cel\",\"script\":\"" + script + "\"}";
        String withValidator = "[{\"flow\":\"f\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"assert\",\"data\":{},\"ts\":1,\"validator\":"
                + expr + "}]";
        expect422("/v1/events-batch", withValidator, "string_too_long", "body", 0, "validator", "script");
        expect422("/v1/nodes", "{\"flow\":\"f\",\"id\":\"n\",\"type\":\"generic\",\"filter\":" + expr + "}", "string_too_long",
                "body", "filter", "script");
        expect422("/v1/nodes", "{\"flow\":\"f\",\"id\":\"t\",\"type\":\"trigger\",\"handler\":\"http_request\",\"handler_input\":"
                + "{\"params\":{\"url\":\"http://x\",\"run_id_extractor\":" + expr + "}}}", "string_too_long",
                "body", "handler_input", "params", "run_id_extractor", "script");
    }

    @Test
    void refusesAHundredThousandLevelsOfNestingQuicklyAndWithoutAStackOverflow() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        expect422("/v1/events-batch", deep, "json_invalid", "body", 0);
        long started = System.nanoTime();
        String deeper = "{\"a\":".repeat(600) + "1" + "}".repeat(600);
        expect422("/v1/run-eval", deeper, "json_invalid", "body", 0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesNulCharactersThatPostgresCannotStore() {
        expect422("/v1/events-batch", "[" + item("f", "a", "r", "{\"x\":\"a\\u0000b\"}") + "]", "string_nul", "body", 0, "data", "x");
        expect422("/v1/events-batch", "[" + item("f\\u0000", "a", "r", "{}") + "]", "string_nul", "body", 0, "flow");
        expect422("/v1/run-eval", "{\"run_id\":\"r\\u0000\",\"flow\":\"f\"}", "string_nul", "body", "run_id");
        api().get().uri(b -> b.path("/v1/events").queryParam("flow", "\u0000").build()).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].loc[1]").isEqualTo("flow");
        api().put().uri("/v1/nodes/{id}", "a\u0000").bodyValue("{}").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].loc[0]").isEqualTo("path");
    }

    @Test
    void refusesNumbersOutOfRangeDuplicateKeysAndNonJson() {
        expect422("/v1/events-batch", "[" + item("f", "a", "r", "{\"x\":1e400}") + "]", "finite_number", "body", 0, "data", "x");
        expect422("/v1/events-batch", "[" + item("f", "a", "r", "{\"x\":" + "9".repeat(150) + "}") + "]", "json_invalid", "body", 0);
        expect422("/v1/events-batch", "[" + item("f", "a", "r", "{\"x\":[1.5,-1e19]}") + "]", "number_too_large", "body", 0, "data", "x", 1);
        expect422("/v1/run-eval", "{\"run_id\":\"r\",\"run_id\":\"s\",\"flow\":\"f\"}", "json_invalid", "body", 0);
        expect422("/v1/run-eval", "{\"run_id\":NaN}", "json_invalid", "body", 0);
        expect422("/v1/run-eval", "{\"run_id\":\"r\",", "json_invalid", "body", 0);
    }

    @Test
    void enforcesTheSameLimitsThroughTheLambdaAdapter() {
        Message<byte[]> answer = lambda("POST", "/v1/events-batch", "[" + item("f", "a", "r1", "{\"a\":{\"b\":{\"c\":{\"d\":[1]}}}}") + "]");
        assertThat(answer.getHeaders().get("statusCode")).isEqualTo(422);
        assertThat(new String(answer.getPayload(), StandardCharsets.UTF_8)).contains("too_deep").contains("\"data\"");
    }

    private void expect422(String path, String body, String type, Object... loc) {
        api().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.detail[0].type").isEqualTo(type)
                .jsonPath("$.detail[0].loc").isEqualTo(List.of(loc))
                .jsonPath("$.detail[0].msg").isNotEmpty();
    }

    private Message<byte[]> lambda(String method, String path, String body) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", Map.of("x-api-key", KEY, "content-type", "application/json"));
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path)));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return lambda.handle(MessageBuilder.withPayload(WireJson.write(event).getBytes(StandardCharsets.UTF_8)).build(), null)
                .block(Duration.ofSeconds(20));
    }
}
