package io.flowproof.functions.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** {@code FLOWPROOF_LOG_FORMAT=json}: every console line is a JSON object; run-related lines carry their ids as fields. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"flowproof.log-format=json", "logging.level.io.flowproof.evaluation=debug",
        "flowproof.poll-interval-ms=100"})
class StructuredLogsTest extends ApiTestSupport {

    private static SampleEnsure shop;

    @BeforeAll
    static void startShop() {
        shop = new SampleEnsure();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    /** The console lines since the app's logging started (before it, the test framework logs in its own format), parsed. */
    private static List<Map<String, Object>> jsonLines(CapturedOutput output) {
        List<String> lines = output.getOut().lines().filter(line -> !line.isBlank()).toList();
        List<String> app = lines.subList(Math.max(0, indexOfFirstJson(lines)), lines.size());
        assertThat(app).as("console lines of the app").isNotEmpty().allSatisfy(line -> assertThat(WireJson.isJson(line)).as(line).isTrue());
        return app.stream().map(WireJson::readObject).toList();
    }

    private static int indexOfFirstJson(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"@timestamp\"")) {
                return i;
            }
        }
        return lines.size();
    }

    @SuppressWarnings("unchecked")
    private static Object log(Map<String, Object> line, String key) {
        return ((Map<String, Object>) line.get("log")).get(key);
    }

    @Test
    void anEvaluationLogLineCarriesFlowAndRunId(CapturedOutput output) {
        String batch = "[{\"flow\":\"logs\",\"id\":\"a\",\"run_id\":\"l1\",\"type\":\"act\",\"data\":{},\"ts\":" + Instant.now().toEpochMilli() * 1_000_000L + "}]";
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue(batch).exchange().expectStatus().isOk();
        api().post().uri("/v1/run-eval").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"run_id\":\"l1\",\"flow\":\"logs\"}")
                .exchange().expectStatus().isOk();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jsonLines(output))
                .filteredOn(line -> String.valueOf(line.get("message")).startsWith("Run l1 of flow 'logs' evaluated (on_demand)"))
                .singleElement().satisfies(line -> {
                    assertThat(line).containsEntry("flow", "logs").containsEntry("run_id", "l1").containsKey("@timestamp")
                            .doesNotContainKey("ensure_run_id");
                    assertThat(log(line, "level")).isEqualTo("DEBUG");
                }));
    }

    @Test
    void anEnsureLogLineCarriesFlowRunIdAndEnsureRunIdAndNoSecret(CapturedOutput output) {
        api().post().uri("/v1/nodes").contentType(MediaType.APPLICATION_JSON).bodyValue(shop.triggerNode("logs-ensure")).exchange()
                .expectStatus().isOk();
        String id = (String) WireJson.readObject(api().post().uri("/v1/ensure-runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"flow\":\"logs-ensure\",\"timeout_ms\":5000,\"poll_interval_ms\":100}").exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody()).get("id");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jsonLines(output))
                .filteredOn(line -> id.equals(line.get("ensure_run_id")) && line.get("run_id") != null)
                .isNotEmpty()
                .allSatisfy(line -> {
                    assertThat(line).containsEntry("flow", "logs-ensure");
                    assertThat(log(line, "logger")).isEqualTo("io.flowproof.ensure");
                    assertThat((String) line.get("run_id")).startsWith("o-");
                    assertThat((String) line.get("message")).startsWith("Ensure run " + id + " of flow 'logs-ensure' is ");
                }));
        assertThat(output.getOut()).doesNotContain(KEY);
    }
}
