package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SDK sends byte-for-byte the body the Python SDK sends (contract/sdk-payloads/python-sdk-events-batch.json). */
class WireFormatTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Answers the timestamps of the recorded capture, one per event, in order. */
    private static Clock replaying(long... epochNanos) {
        AtomicInteger next = new AtomicInteger();
        return new Clock() {
            @Override
            public Instant instant() {
                long ns = epochNanos[next.getAndIncrement()];
                return Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L);
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    @Test
    void sendsTheSameBodyAsThePythonSdk() throws Exception {
        JsonNode recorded;
        try (InputStream in = getClass().getResourceAsStream("/sdk-payloads/python-sdk-events-batch.json")) {
            recorded = JSON.readTree(in);
        }
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient client = FlowproofClient.start(settings(backend)
                    .clock(replaying(1795547220404334017L, 1795547220408451044L, 1795547220408664880L)).build());

            client.act(Ensure.node("order_placed").flow("checkout").runId(() -> "order_1001")
                    .data(Map.of("order_id", "order_1001", "amount", 120.5, "currency", "USD",
                            "items", List.of(Map.of("sku", "A1", "qty", 2))))
                    .description("Customer placed an order")
                    .timeout(Duration.ofSeconds(5))
                    .additionalMeta(Map.of("service", "web")));
            client.ensure(Ensure.node("payment_charged").flow("checkout").runId("order_1001")
                    .data(new Payment("order_1001", 120.5, "succeeded"))
                    .description("Charged amount equals order amount")
                    .depIds("order_placed")
                    .filter(Expr.python("data[\"status\"] != \"test\""))
                    .validator(Expr.python("data[\"charged\"] == ctx[\"data\"][\"amount\"]"))
                    .conditions(Condition.timeoutMs(10_000)));
            client.assertThat(Ensure.node("receipt_sent").flow("checkout").runId("order_1001")
                    .data(new Receipt("a@example.com", true))
                    .depIds(List.of("payment_charged"))
                    .validator(Expr.python("data[\"sent\"] is True and len(ctx[\"deps\"]) == 1")));

            assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(backend.batches()).hasSize(1);
            JsonNode sent = JSON.readTree(backend.batches().get(0).body());

            assertThat(sent).isEqualTo(recorded); // same values, ts int64 included
            for (int i = 0; i < recorded.size(); i++) { // same key order as the Python SDK
                assertThat(sent.get(i).propertyNames()).containsExactlyElementsOf(recorded.get(i).propertyNames());
                assertThat(sent.get(i).get("ts").isIntegralNumber()).isTrue();
            }
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void sendsTheHeadersTheBackendExpects() throws Exception {
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient client = FlowproofClient.start(settings(backend).apiKey("secret-key").build());
            client.act("a", "f", "r", Map.of());
            client.flush(Duration.ofSeconds(5));

            var status = backend.statusRequests();
            assertThat(status).isEqualTo(1);
            var headers = backend.batches().get(0).headers();
            assertThat(headers.getFirst("X-Api-Key")).isEqualTo("secret-key");
            assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(headers.getFirst("User-Agent")).startsWith("flowproof-java-sdk/");
            assertThat(JSON.readTree(backend.batches().get(0).body()).get(0).propertyNames())
                    .containsExactly("flow", "id", "run_id", "type", "data", "ts"); // unset optional keys left out
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void writesCelAndJsExpressionsWithTheirEngine() throws Exception {
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient client = FlowproofClient.start(settings(backend).build());
            client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of("x", 1))
                    .filter(Expr.js("data.x > 0")).validator(Expr.cel("data.x == 1")));
            client.flush(Duration.ofSeconds(5));

            JsonNode event = JSON.readTree(backend.batches().get(0).body()).get(0);
            assertThat(event.get("type").asString()).isEqualTo("assert");
            assertThat(event.get("filter").toString()).isEqualTo("{\"engine\":\"js\",\"script\":\"data.x > 0\"}");
            assertThat(event.get("validator").toString()).isEqualTo("{\"engine\":\"cel\",\"script\":\"data.x == 1\"}");
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    static FlowproofSettings.Builder settings(StubBackend backend) {
        return FlowproofSettings.builder().url(backend.url()).apiKey("test-key").environment(name -> null)
                .shutdownHook(false).flushInterval(Duration.ofMinutes(1));
    }

    record Payment(String order_id, double charged, String status) {
    }

    record Receipt(String email, boolean sent) {
    }
}
