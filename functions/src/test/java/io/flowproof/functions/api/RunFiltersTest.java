package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Flowproof's {@code run_id} filter on {@code GET /v1/events} and {@code GET /v1/eval-outputs} (the console's run page). */
class RunFiltersTest extends ApiTestSupport {

    private static final long BASE = 1_700_000_000_000_000_000L;

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String uri) {
        return (List<Map<String, Object>>) WireJson.read(api().get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void listsTheEventsAndEvaluationsOfOneRunNewestFirst() {
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                [{"flow":"rf","id":"a","run_id":"r1","type":"act","data":{"n":1},"ts":%d},
                 {"flow":"rf","id":"b","run_id":"r1","type":"act","data":{"n":2},"ts":%d,"dep_ids":["a"]},
                 {"flow":"rf","id":"a","run_id":"r2","type":"act","data":{"n":3},"ts":%d},
                 {"flow":"other","id":"a","run_id":"r1","type":"act","data":{"n":4},"ts":%d}]
                """.formatted(BASE, BASE + 2, BASE + 1, BASE + 3)).exchange().expectStatus().isOk();

        assertThat(list("/v1/events?flow=rf&run_id=r1")).extracting(e -> e.get("ts")).containsExactly(BASE + 2, BASE);
        assertThat(list("/v1/events?flow=rf&run_id=r1&limit=1&offset=1")).extracting(e -> e.get("node_id")).containsExactly("a");
        assertThat(list("/v1/events?flow=rf&run_id=r1&node_id=b")).hasSize(1);
        assertThat(list("/v1/events?flow=rf&run_id=nope")).isEmpty();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> list("/v1/eval-outputs?name=rf").size() == 2);
        api().post().uri("/v1/run-eval").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"run_id\":\"r1\",\"flow\":\"rf\"}")
                .exchange().expectStatus().isOk();
        List<Map<String, Object>> r1 = list("/v1/eval-outputs?name=rf&run_id=r1");
        assertThat(r1).hasSize(2).allSatisfy(o -> assertThat(o).containsEntry("run_id", "r1").containsEntry("flow", "rf"));
        assertThat(r1.get(0).get("trigger_ev_id")).isNull(); // the run-eval is newest
        assertThat(list("/v1/eval-outputs?name=rf&run_id=r1&limit=1")).hasSize(1);
    }

    @Test
    void needsTheFlowWithARunId() {
        api().get().uri("/v1/events?run_id=r1").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].loc[1]").isEqualTo("flow");
        api().get().uri("/v1/eval-outputs?run_id=r1&name=a&name=b").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].loc[1]").isEqualTo("name");
    }
}
