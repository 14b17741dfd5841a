package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The calls the unmodified Business-Use React UI makes (contract http-api.md §8), from another origin: every call,
 * GETs included, carries {@code Content-Type: application/json} and {@code X-API-Key}, so each is preflighted.
 */
class BusinessUseUiCompatibilityTest extends ApiTestSupport {

    private static final String UI = "http://localhost:3007";
    private static final long BASE = 1_700_000_000_000_000_000L;

    @ParameterizedTest
    @CsvSource({"GET,/v1/status", "GET,/v1/nodes", "GET,/v1/events?flow=f&node_id=a&limit=10", "GET,/v1/eval-outputs?name=f&limit=10",
            "POST,/v1/run-eval"})
    void answersTheUisPreflightsWithoutAKey(String method, String path) {
        client.method(HttpMethod.OPTIONS).uri(path)
                .header("Origin", UI)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type,x-api-key")
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", UI)
                .expectHeader().value("Access-Control-Allow-Headers", h -> assertThat(h.toLowerCase()).contains("content-type", "x-api-key"))
                .expectHeader().value("Access-Control-Allow-Methods", m -> assertThat(m).contains("GET", "POST"))
                .expectHeader().doesNotExist("Access-Control-Allow-Credentials");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesTheUisCallsWithBareArraysAndCorsHeaders() {
        ui().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                [{"flow":"uiflow","id":"a","run_id":"r1","type":"act","data":{},"ts":%d},
                 {"flow":"uiflow","id":"b","run_id":"r1","type":"assert","data":{"ok":false},"ts":%d,"dep_ids":["a"],
                  "validator":{"engine":"python","script":"data['ok'] == True"}}]""".formatted(BASE, BASE + 1_000_000))
                .exchange().expectStatus().isOk();

        ui().get().uri("/v1/status").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", UI)
                .expectBody().jsonPath("$.status").isEqualTo("success");
        List<Map<String, Object>> nodes = list("/v1/nodes");
        assertThat(nodes).filteredOn(n -> "uiflow".equals(n.get("flow"))).allSatisfy(n -> {
            assertThat(n.get("dep_ids")).isInstanceOf(List.class);
            assertThat(n.get("conditions")).isInstanceOf(List.class);
        });
        assertThat(list("/v1/events?flow=uiflow&node_id=a&limit=10")).hasSize(1)
                .allSatisfy(e -> assertThat(e.get("ts")).isEqualTo(BASE));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !list("/v1/eval-outputs?name=uiflow&limit=10").isEmpty());

        Map<String, Object> rerun = (Map<String, Object>) WireJson.read(ui().post().uri("/v1/run-eval").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"run_id\":\"r1\",\"flow\":\"uiflow\",\"start_node_id\":\"a\",\"ev_id\":null,\"whole_graph\":true}")
                .exchange().expectStatus().isOk().expectHeader().valueEquals("Access-Control-Allow-Origin", UI)
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(rerun.get("status")).isEqualTo("failed");
        List<Map<String, Object>> outputs = list("/v1/eval-outputs?name=uiflow&limit=10");
        assertThat(((Map<String, Object>) outputs.get(0).get("output")).get("graph")).isEqualTo(rerun.get("graph")); // the re-run is on top
        assertThat(outputs.get(0)).containsKeys("id", "flow", "run_id", "trigger_ev_id", "output", "status", "created_at");
        for (Map<String, Object> item : (List<Map<String, Object>>) rerun.get("exec_info")) {
            assertThat(item).containsKeys("node_id", "dep_node_ids", "status", "message", "error", "ev_ids", "upstream_ev_ids");
            assertThat(item.get("ev_ids")).isInstanceOf(List.class);
        }
    }

    @Test
    void letsTheUiReadAuthErrors() {
        client.get().uri("/v1/status").header("Origin", UI).header("X-API-Key", "wrong").exchange()
                .expectStatus().isForbidden().expectHeader().valueEquals("Access-Control-Allow-Origin", UI)
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid API key");
    }

    @Test
    void keepsTheRootJsonForTheUiAndTheConsoleForBrowsers() {
        ui().get().uri("/").exchange().expectStatus().isOk().expectBody().jsonPath("$.health").isEqualTo("/health");
        client.get().uri("/").header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").exchange().expectStatus().isFound();
    }

    private org.springframework.test.web.reactive.server.WebTestClient ui() {
        return client.mutate().responseTimeout(Duration.ofSeconds(20))
                .defaultHeader("Origin", UI).defaultHeader("X-API-Key", KEY).defaultHeader("Content-Type", "application/json").build();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String uri) {
        return (List<Map<String, Object>>) WireJson.read(ui().get().uri(uri).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", UI)
                .expectBody(String.class).returnResult().getResponseBody());
    }
}
