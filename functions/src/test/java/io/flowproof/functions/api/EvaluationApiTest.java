package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class EvaluationApiTest extends ApiTestSupport {

    private static final long BASE = 1_700_000_000_000_000_000L;

    private void post(String uri, String body, int status) {
        api().post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(status);
    }

    private String runEval(String body, int status) {
        return api().post().uri("/v1/run-eval").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> getList(String uri) {
        return (List<Map<String, Object>>) WireJson.read(api().get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluatesALinearRunAndStoresTheResultOnTop() {
        post("/v1/events-batch", """
                [{"flow":"lin","id":"a","run_id":"r1","type":"act","data":{},"ts":%d},
                 {"flow":"lin","id":"b","run_id":"r1","type":"act","data":{},"ts":%d,"dep_ids":["a"]},
                 {"flow":"lin","id":"c","run_id":"r1","type":"assert","data":{"ok":true},"ts":%d,"dep_ids":["b"],
                  "validator":{"engine":"cel","script":"data.ok == true"}}]
                """.formatted(BASE, BASE + 1_000_000, BASE + 2_000_000), 200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(getList("/v1/eval-outputs?name=lin")).hasSize(1)); // auto-evaluation first

        Map<String, Object> result = (Map<String, Object>) WireJson.read(runEval("{\"run_id\":\"r1\",\"flow\":\"lin\",\"whole_graph\":true}", 200));
        assertThat(result.get("status")).isEqualTo("passed");
        assertThat(result.get("graph")).isEqualTo(Map.of("a", List.of(), "b", List.of("a"), "c", List.of("b")));
        List<Map<String, Object>> items = (List<Map<String, Object>>) result.get("exec_info");
        assertThat(items).extracting(i -> i.get("node_id")).containsExactly("a", "b", "c");
        assertThat(items.get(2)).containsEntry("message", "Validator passed").containsEntry("error", null);
        assertThat(items.get(1).get("upstream_ev_ids")).isEqualTo(List.of(((List<?>) result.get("ev_ids")).get(0)));

        Map<String, Object> top = getList("/v1/eval-outputs?name=lin&limit=1").get(0);
        assertThat(top.get("trigger_ev_id")).isNull();
        assertThat(((Map<String, Object>) top.get("output")).get("status")).isEqualTo("passed");

        Map<String, Object> sub = (Map<String, Object>) WireJson.read(runEval("{\"run_id\":\"r1\",\"flow\":\"lin\",\"start_node_id\":\"b\"}", 200));
        assertThat(sub.get("graph")).isEqualTo(Map.of("b", List.of(), "c", List.of("b")));
        assertThat(((Map<String, Object>) getList("/v1/eval-outputs?name=lin&limit=1").get(0).get("output")).get("graph"))
                .isEqualTo(sub.get("graph"));
    }

    @Test
    void answersEvaluationErrorsWith4xxAndTheContractMessages() {
        runEval("{\"run_id\":\"nope\",\"flow\":\"nothing\"}", 404);
        assertThat(runEval("{\"run_id\":\"nope\",\"flow\":\"nothing\"}", 404))
                .isEqualTo("{\"detail\":\"No events found for run_id=nope, flow=nothing\"}");

        post("/v1/events-batch", """
                [{"flow":"cyc","id":"a","run_id":"r","type":"act","data":{},"ts":1,"dep_ids":["b"]},
                 {"flow":"cyc","id":"b","run_id":"r","type":"act","data":{},"ts":2,"dep_ids":["a"]}]
                """, 200);
        assertThat(runEval("{\"run_id\":\"r\",\"flow\":\"cyc\"}", 422)).isEqualTo("{\"detail\":\"Graph has a cycle\"}");

        post("/v1/events-batch", "[{\"flow\":\"one\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]", 200);
        assertThat(runEval("{\"run_id\":\"r\",\"flow\":\"one\",\"start_node_id\":\"zzz\"}", 400))
                .isEqualTo("{\"detail\":\"Node zzz not found in graph\"}");
        runEval("{\"flow\":\"one\"}", 422);
        runEval("[1]", 422);
    }

    @Test
    void listsEventsNewestFirstWithPagingAndFilters() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1200; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"flow\":\"page\",\"id\":\"n").append(i % 2).append("\",\"run_id\":\"r")
                    .append(i / 100).append("\",\"type\":\"act\",\"data\":{\"i\":").append(i).append("},\"ts\":").append(BASE + i).append('}');
        }
        post("/v1/events-batch", batch.append(']').toString(), 200);

        List<Map<String, Object>> all = getList("/v1/events?flow=page&limit=1000");
        assertThat(all).hasSize(1000);
        assertThat(all.get(0).get("ts")).isEqualTo(BASE + 1199);
        assertThat(all.get(999).get("ts")).isEqualTo(BASE + 200);
        assertThat(getList("/v1/events?flow=page")).hasSize(100);
        List<Map<String, Object>> page = getList("/v1/events?flow=page&limit=10&offset=10");
        assertThat(page).extracting(e -> e.get("ts")).first().isEqualTo(BASE + 1189);
        assertThat(getList("/v1/events?flow=page&node_id=n1&limit=5")).extracting(e -> e.get("node_id")).containsOnly("n1");
        assertThat(getList("/v1/events?flow=page&node_id=n1&limit=5")).extracting(e -> e.get("ts")).first().isEqualTo(BASE + 1199);
        assertThat(getList("/v1/events?node_id=n0&limit=2")).hasSize(2);
        assertThat(getList("/v1/events?flow=absent")).isEmpty();

        api().get().uri("/v1/events?limit=abc").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].loc").isEqualTo(List.of("query", "limit"));
        api().get().uri("/v1/events?offset=-1").exchange().expectStatus().isEqualTo(422);
    }

    @Test
    void filtersEvalOutputsByRepeatedNamesAndTriggerEvent() {
        post("/v1/events-batch", "[{\"flow\":\"x1\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]", 200);
        post("/v1/events-batch", "[{\"flow\":\"x2\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]", 200);
        runEval("{\"run_id\":\"r\",\"flow\":\"x1\"}", 200);
        runEval("{\"run_id\":\"r\",\"flow\":\"x2\"}", 200);

        List<Map<String, Object>> both = getList("/v1/eval-outputs?name=x1&name=x2&limit=100");
        assertThat(both).extracting(o -> o.get("flow")).contains("x1", "x2").doesNotContain("lin");
        assertThat(both.get(0).get("flow")).isEqualTo("x2");

        String event = (String) getList("/v1/events?flow=x1").get(0).get("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(getList("/v1/eval-outputs?ev_id=" + event)).hasSize(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void reevaluatesRecentRunningRunsInPlace() {
        long now = System.currentTimeMillis() * 1_000_000L;
        // run "done" defines the graph a -> b (b may come up to 10 minutes after a); run "r" has only a so far
        post("/v1/events-batch", """
                [{"flow":"wait","id":"a","run_id":"done","type":"act","data":{},"ts":%d},
                 {"flow":"wait","id":"b","run_id":"done","type":"assert","data":{},"ts":%d,"dep_ids":["a"],"conditions":[{"timeout_ms":600000}]},
                 {"flow":"wait","id":"a","run_id":"r","type":"act","data":{},"ts":%d}]
                """.formatted(now, now, now), 200);
        Map<String, Object> first = (Map<String, Object>) WireJson.read(runEval("{\"run_id\":\"r\",\"flow\":\"wait\"}", 200));
        assertThat(first.get("status")).isEqualTo("running");
        post("/v1/events-batch", """
                [{"flow":"wait","id":"b","run_id":"r","type":"assert","data":{},"ts":%d,"dep_ids":["a"],"conditions":[{"timeout_ms":600000}]}]
                """.formatted(now + 1_000_000), 200);

        String body = api().post().uri("/v1/reeval-running-flows?max_age_seconds=3600").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Map<String, Object> summary = (Map<String, Object>) WireJson.read(body);
        assertThat(summary.get("message")).isEqualTo("Re-evaluation complete");
        assertThat(((Number) summary.get("total_running")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) summary.get("updated")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(summary).containsKeys("updated", "still_running", "failed");
        // the run-eval row (no trigger event) was updated in place (auto-evaluations may still be landing beside it)
        assertThat(getList("/v1/eval-outputs?name=wait&limit=100")).filteredOn(o -> "r".equals(o.get("run_id")) && o.get("trigger_ev_id") == null)
                .extracting(o -> ((Map<String, Object>) o.get("output")).get("status")).containsExactly("passed");
    }
}
