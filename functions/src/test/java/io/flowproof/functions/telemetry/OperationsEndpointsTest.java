package io.flowproof.functions.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** Probes and Prometheus on the local app: public, and the Flowproof meters move after real work. */
@TestPropertySource(properties = "flowproof.poll-interval-ms=100")
class OperationsEndpointsTest extends ApiTestSupport {

    private static SampleEnsure shop;

    @BeforeAll
    static void startShop() {
        shop = new SampleEnsure();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    @Test
    void livenessAndReadinessAreUpWithoutAKey() {
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void theOldHealthContractIsUnchanged() {
        client.get().uri("/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ok").jsonPath("$.version").exists();
    }

    @Test
    void otherActuatorPathsStayBehindTheKey() {
        client.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
        api().get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        api().get().uri("/actuator").exchange().expectStatus().isNotFound();
    }

    @Test
    void prometheusShowsTheFlowproofMetersAfterABatchAnEvaluationAndAnEnsureRun() {
        long ts = Instant.now().toEpochMilli() * 1_000_000L;
        String batch = """
                [{"flow":"metrics","id":"a","run_id":"m1","type":"act","data":{},"ts":%d},
                 {"flow":"metrics","id":"b","run_id":"m1","type":"act","data":{},"ts":%d,"dep_ids":["a"]},
                 {"flow":"metrics","id":"a","run_id":"m2","type":"act","data":{},"ts":%d},
                 {"flow":"metrics-ensure","id":"order_paid","run_id":"seed","type":"assert","data":{},"ts":%d,"dep_ids":["create_order"]}]
                """.formatted(ts, ts + 1, ts + 2, ts + 3);
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue(batch).exchange().expectStatus().isOk();
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("[{\"flow\":1}]").exchange()
                .expectStatus().isEqualTo(422);
        api().post().uri("/v1/run-eval").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"run_id\":\"m1\",\"flow\":\"metrics\"}")
                .exchange().expectStatus().isOk();
        api().post().uri("/v1/nodes").contentType(MediaType.APPLICATION_JSON).bodyValue(shop.triggerNode("metrics-ensure")).exchange()
                .expectStatus().isOk();
        String id = (String) WireJson.readObject(api().post().uri("/v1/ensure-runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"flow\":\"metrics-ensure\",\"timeout_ms\":1500,\"poll_interval_ms\":100}").exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody()).get("id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> List.of("passed", "failed", "timed_out")
                .contains(WireJson.readObject(api().get().uri("/v1/ensure-runs/" + id).exchange().expectBody(String.class)
                        .returnResult().getResponseBody()).get("state")));

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(value(metrics, "flowproof_events_ingested_total")).isGreaterThanOrEqualTo(4);
            assertThat(value(metrics, "flowproof_batches_accepted_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "flowproof_batches_refused_total{reason=\"invalid\"}")).isEqualTo(1);
            assertThat(value(metrics, "flowproof_evaluations_total{mode=\"on_demand\",status=\"passed\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "flowproof_evaluations_total{mode=\"auto\",status=\"passed\"}")).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "flowproof_evaluation_duration_seconds_count{mode=\"on_demand\"}")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("flowproof_evaluation_duration_seconds_bucket{mode=\"auto\",le=");
            assertThat(value(metrics, "flowproof_ensure_transitions_total{state=\"pending\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "flowproof_ensure_transitions_total{state=\"waiting\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "flowproof_ensure_transitions_total{state=\"timed_out\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "flowproof_trigger_duration_seconds_count{handler=\"http_request\",outcome=\"success\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "flowproof_poll_duration_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "flowproof_poll_runs_advanced_total")).isGreaterThanOrEqualTo(1);
        });
    }

    /** The value of one Prometheus sample (series exactly as exposed), or -1 when it is absent. */
    private static double value(String exposition, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(exposition);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
