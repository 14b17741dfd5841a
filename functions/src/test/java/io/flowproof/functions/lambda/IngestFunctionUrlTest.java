package io.flowproof.functions.lambda;

import static io.flowproof.functions.lambda.LambdaInvocations.KEY;
import static io.flowproof.functions.lambda.LambdaInvocations.functionUrlEvent;
import static io.flowproof.functions.lambda.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.infra.json.WireJson;
import io.flowproof.infra.testing.PostgresExtension;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/** The {@code ingest} Lambda behind its function URL: what the SDKs call. */
class IngestFunctionUrlTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    private static FunctionInvoker ingest;

    @BeforeAll
    static void start() {
        ingest = LambdaInvocations.invoker(postgres, "ingest");
    }

    @Test
    void answersTheSdkStatusCheckWith200() {
        Map<String, Object> response = invoke(ingest, functionUrlEvent("GET", "/v1/status", "", KEY, null, false));

        assertThat(response.get("statusCode")).isEqualTo(200L);
        Map<String, Object> body = WireJson.readObject((String) response.get("body"));
        assertThat(body).containsEntry("status", "success").containsEntry("message", "ok").containsEntry("code", 200L);
        assertThat(((Map<?, ?>) response.get("headers")).get("Content-Type")).isEqualTo("application/json");
    }

    @Test
    @SuppressWarnings("unchecked")
    void storesAndEvaluatesARealPythonSdkBatchBeforeAnswering() throws Exception {
        String batch = LambdaInvocations.resource("sdk-payloads/python-sdk-events-batch.json").replace("order_1001", "lambda_run");
        Map<String, Object> response = invoke(ingest, functionUrlEvent("POST", "/v1/events-batch", "", KEY, batch, false));

        assertThat(response.get("statusCode")).isEqualTo(200L);
        assertThat(WireJson.readObject((String) response.get("body"))).containsEntry("message", "Ok");
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                var events = connection.createStatement().executeQuery("SELECT count(*) FROM events WHERE run_id = 'lambda_run'");
                var outputs = connection.createStatement().executeQuery(
                        "SELECT output->>'status', json_array_length(output->'exec_info') FROM eval_outputs WHERE run_id = 'lambda_run'")) {
            events.next();
            assertThat(events.getInt(1)).isEqualTo(3);
            assertThat(outputs.next()).as("evaluated inside the invocation, before the answer").isTrue();
            assertThat(outputs.getInt(2)).isEqualTo(3);
        }
    }

    @Test
    void decodesBase64Bodies() {
        String batch = "[{\"flow\":\"b64\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]";
        Map<String, Object> response = invoke(ingest, functionUrlEvent("POST", "/v1/events-batch", "", KEY, batch, true));

        assertThat(response.get("statusCode")).isEqualTo(200L);
    }

    @Test
    void refusesAMissingKeyWith401AndAWrongKeyWith403() {
        Map<String, Object> missing = invoke(ingest, functionUrlEvent("GET", "/v1/status", "", null, null, false));
        assertThat(missing.get("statusCode")).isEqualTo(401L);
        assertThat(missing.get("body")).isEqualTo("{\"detail\":\"X-Api-Key header is missing\"}");

        Map<String, Object> wrong = invoke(ingest, functionUrlEvent("POST", "/v1/events-batch", "", "nope", "[]", false));
        assertThat(wrong.get("statusCode")).isEqualTo(403L);
        assertThat(wrong.get("body")).isEqualTo("{\"detail\":\"Invalid API key\"}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesTheBadFieldWith422AndStoresNothing() throws Exception {
        String batch = "[{\"flow\":\"bad422\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":\"soon\"}]";
        Map<String, Object> response = invoke(ingest, functionUrlEvent("POST", "/v1/events-batch", "", KEY, batch, false));

        assertThat(response.get("statusCode")).isEqualTo(422L);
        Map<String, Object> body = WireJson.readObject((String) response.get("body"));
        assertThat(((List<Map<String, Object>>) body.get("detail")).get(0).get("loc")).isEqualTo(List.of("body", 0L, "ts"));
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                var events = connection.createStatement().executeQuery("SELECT count(*) FROM events WHERE flow = 'bad422'")) {
            events.next();
            assertThat(events.getInt(1)).isZero();
        }
    }

    @Test
    void servesOnlyItsOwnRoutes() {
        Map<String, Object> response = invoke(ingest, functionUrlEvent("GET", "/v1/nodes", "", KEY, null, false));

        assertThat(response.get("statusCode")).isEqualTo(404L);
    }

    @Test
    void answersCorsPreflightsWithoutAKey() {
        String event = functionUrlEvent("OPTIONS", "/v1/events-batch", "", null, null, false)
                .replace("\"accept\": \"*/*\"", "\"origin\": \"http://localhost:3007\", \"access-control-request-method\": \"POST\"");
        Map<String, Object> response = invoke(ingest, event);

        assertThat(response.get("statusCode")).isEqualTo(200L);
        assertThat(((Map<?, ?>) response.get("headers")).get("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3007");
    }

    @Test
    void storesABatchOnceForOneIdempotencyKeyAndReplaysTheFirstAnswer() {
        String batch = "[{\"flow\":\"lambda_keyed\",\"id\":\"a\",\"run_id\":\"k1\",\"type\":\"act\",\"data\":{},\"ts\":1}]";
        String event = functionUrlEvent("POST", "/v1/events-batch", "", KEY, batch, false)
                .replace("\"x-api-key\":", "\"idempotency-key\": \"lambda-batch-1\",\n    \"x-api-key\":");

        Map<String, Object> first = invoke(ingest, event);
        Map<String, Object> again = invoke(ingest, event);

        assertThat(first.get("statusCode")).isEqualTo(200L);
        assertThat(again.get("statusCode")).isEqualTo(200L);
        assertThat(again.get("body")).isEqualTo(first.get("body"));
        assertThat(((Map<?, ?>) again.get("headers")).get("Idempotent-Replayed")).isEqualTo("true");
        Map<String, Object> other = invoke(ingest, event.replace("\\\"k1\\\"", "\\\"k2\\\""));
        assertThat(other.get("statusCode")).isEqualTo(422L);
    }
}
