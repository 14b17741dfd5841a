package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class EventsBatchTest extends ApiTestSupport {

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> getList(String uri) {
        String body = api().get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) WireJson.read(body);
    }

    private void post(String body) {
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("success").jsonPath("$.message").isEqualTo("Ok");
    }

    @Test
    @SuppressWarnings("unchecked")
    void storesAndEvaluatesTheRealPythonSdkBatch() {
        post(resource("sdk-payloads/python-sdk-events-batch.json"));

        List<Map<String, Object>> events = getList("/v1/events?flow=checkout&limit=1000");
        List<Map<String, Object>> run = events.stream().filter(e -> "order_1001".equals(e.get("run_id"))).toList();
        assertThat(run).hasSize(3);
        assertThat(run).extracting(e -> e.get("node_id")).containsExactly("receipt_sent", "payment_charged", "order_placed");
        assertThat(run.get(2).get("ts")).isEqualTo(1795547220404334017L);
        assertThat(((Map<String, Object>) run.get(2).get("data")).get("items")).isEqualTo(List.of(Map.of("sku", "A1", "qty", 2L)));

        Map<String, Object> charged = getList("/v1/nodes").stream()
                .filter(n -> "payment_charged".equals(n.get("id")) && "checkout".equals(n.get("flow"))).findFirst().orElseThrow();
        assertThat(charged.get("source")).isEqualTo("code");
        assertThat(charged.get("type")).isEqualTo("assert");
        assertThat(charged.get("dep_ids")).isEqualTo(List.of("order_placed"));
        assertThat(charged.get("conditions")).isEqualTo(List.of(Map.of("timeout_ms", 10000L)));
        assertThat(charged.get("validator")).isEqualTo(Map.of("engine", "python", "script", "data[\"charged\"] == ctx[\"data\"][\"amount\"]"));
        assertThat(charged).containsKeys("handler", "handler_input", "additional_meta", "created_at", "updated_at", "deleted_at");

        Map<String, Object> output = awaitOutput("checkout", "order_1001");
        assertThat(output.get("status")).isEqualTo("active");
        assertThat(output.get("trigger_ev_id")).isEqualTo(run.get(2).get("id"));
        Map<String, Object> result = (Map<String, Object>) output.get("output");
        assertThat(result).containsKeys("status", "elapsed_ns", "graph", "exec_info", "ev_ids");
        assertThat((Map<String, Object>) result.get("graph")).containsKeys("order_placed", "payment_charged", "receipt_sent");
        assertThat((List<Object>) result.get("exec_info")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void storesAndEvaluatesTheRealJsSdkBatchWithSdkConditionsAndMeta() {
        post(resource("sdk-payloads/js-sdk-events-batch.json"));

        List<Map<String, Object>> events = getList("/v1/events?flow=checkout&limit=1000").stream()
                .filter(e -> "order_2002".equals(e.get("run_id"))).toList();
        assertThat(events).hasSize(4);
        Map<String, Object> placed = getList("/v1/nodes").stream()
                .filter(n -> "order_placed".equals(n.get("id"))).findFirst().orElseThrow();
        assertThat(placed.get("conditions")).isEqualTo(List.of(Map.of("timeout_ms", 5000L)));
        assertThat(placed.get("additional_meta")).isEqualTo(Map.of("service", "web"));

        Map<String, Object> output = awaitOutput("checkout", "order_2002");
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) output.get("output")).get("exec_info");
        assertThat(items).extracting(i -> i.get("node_id"))
                .containsExactlyInAnyOrder("order_placed", "payment_charged", "receipt_sent", "refund_checked");
    }

    @Test
    void keepsNanosecondTimestampsAbove2To53ExactlyAndAcceptsLaxIntegers() {
        post("""
                [{"flow":"ts","id":"a","run_id":"big","type":"act","data":{},"ts":9007199254740993123},
                 {"flow":"ts","id":"a","run_id":"str","type":"act","data":{},"ts":"123"},
                 {"flow":"ts","id":"a","run_id":"float","type":"act","data":{},"ts":1.5e18}]
                """);

        Map<String, Object> byRun = new java.util.HashMap<>();
        getList("/v1/events?flow=ts").forEach(e -> byRun.put((String) e.get("run_id"), e.get("ts")));
        assertThat(byRun).containsEntry("big", 9007199254740993123L).containsEntry("str", 123L)
                .containsEntry("float", 1500000000000000000L);
    }

    @Test
    void acceptsAnEmptyBatch() {
        post("[]");
    }

    @Test
    void rejectsMalformedJsonWith422() {
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("[{\"flow\": ")
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].type").isEqualTo("json_invalid")
                .jsonPath("$.detail[0].loc[0]").isEqualTo("body");
    }

    @Test
    void rejectsABodyThatIsNotAList() {
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"flow\":\"f\"}")
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].type").isEqualTo("list_type")
                .jsonPath("$.detail[0].msg").isEqualTo("Input should be a valid list");
    }

    @Test
    void namesEveryBadFieldAndStoresNothingOfAnInvalidBatch() {
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                [{"flow":"atomic","id":"a","run_id":"r","type":"act","data":{},"ts":1},
                 {"flow":"atomic","id":"b","run_id":"r","type":"bogus","data":[],"ts":1.5},
                 {"flow":7,"id":"c","type":"act","data":{},"ts":1}]
                """).exchange().expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.detail[0].loc").isEqualTo(List.of("body", 1, "type"))
                .jsonPath("$.detail[0].type").isEqualTo("literal_error")
                .jsonPath("$.detail[0].msg").isEqualTo("Input should be 'generic', 'trigger', 'act', 'assert' or 'hook'")
                .jsonPath("$.detail[1].loc").isEqualTo(List.of("body", 1, "data"))
                .jsonPath("$.detail[1].type").isEqualTo("dict_type")
                .jsonPath("$.detail[2].loc").isEqualTo(List.of("body", 1, "ts"))
                .jsonPath("$.detail[2].type").isEqualTo("int_from_float")
                .jsonPath("$.detail[3].loc").isEqualTo(List.of("body", 2, "flow"))
                .jsonPath("$.detail[3].type").isEqualTo("string_type")
                .jsonPath("$.detail[4].loc").isEqualTo(List.of("body", 2, "run_id"))
                .jsonPath("$.detail[4].type").isEqualTo("missing");

        assertThat(getList("/v1/events?flow=atomic")).isEmpty();
    }

    @Test
    void rejectsAnUnknownExpressionEngine() {
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                [{"flow":"f","id":"a","run_id":"r","type":"assert","data":{},"ts":1,"validator":{"engine":"ruby","script":"true"}}]
                """).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].loc").isEqualTo(List.of("body", 0, "validator", "engine"));
    }

    @Test
    void storesAnEventWhoseValidatorHasASyntaxErrorAndReportsItInTheEvaluation() {
        post("""
                [{"flow":"typo","id":"a","run_id":"r1","type":"assert","data":{"x":1},"ts":1,"validator":{"engine":"cel","script":"data.x =="}}]
                """);
        assertThat(getList("/v1/events?flow=typo")).hasSize(1);

        api().post().uri("/v1/run-eval").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"run_id\":\"r1\",\"flow\":\"typo\"}")
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("failed")
                .jsonPath("$.exec_info[0].error").isEqualTo("Validator assertion failed")
                .jsonPath("$.exec_info[0].detail").value(d -> assertThat((String) d).startsWith("validator: cel syntax error:"));
    }

    @Test
    void evaluatesEveryRunOfALargeBatch() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            if (i > 0) {
                batch.append(',');
            }
            batch.append("{\"flow\":\"bulk\",\"id\":\"step\",\"run_id\":\"run-").append(i % 60)
                    .append("\",\"type\":\"act\",\"data\":{\"i\":").append(i).append("},\"ts\":").append(1_000_000L + i).append('}');
        }
        post(batch.append(']').toString());

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(getList("/v1/eval-outputs?name=bulk&limit=1000")).hasSize(60));
    }

    @org.springframework.beans.factory.annotation.Autowired
    private io.flowproof.functions.local.EvaluationWorker worker;

    @Test
    void keepsEvaluatingAfterTheWorkerIsStoppedAndStartedAgain() throws Exception {
        var stopped = new java.util.concurrent.CountDownLatch(1);
        worker.stop(stopped::countDown);
        assertThat(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(worker.isRunning()).isFalse();
        worker.start(); // Spring's test context cache pauses and resumes contexts exactly like this

        post("[{\"flow\":\"restart\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]");
        awaitOutput("restart", "r");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitOutput(String flow, String runId) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> getList("/v1/eval-outputs?name=" + flow + "&limit=1000").stream()
                        .filter(o -> runId.equals(o.get("run_id"))).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }
}
