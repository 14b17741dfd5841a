package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The SDK against the real app (Boot jar, embedded Postgres): what it sends is stored as sent, and the runs it
 * reports evaluate to the expected statuses with CEL and JS expressions.
 */
class FlowproofAppIT {

    private static final String KEY = "sdk-it-" + UUID.randomUUID();
    private static RealApp app;
    private static FlowproofClient client;

    @BeforeAll
    static void startApp() throws Exception {
        app = RealApp.start(KEY);
        client = FlowproofClient.start(FlowproofSettings.builder().url(app.url()).apiKey(KEY).environment(n -> null)
                .shutdownHook(false).build());
    }

    @AfterAll
    static void stopApp() {
        if (client != null) {
            client.shutdown(Duration.ofSeconds(5));
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void connectsToTheApp() {
        assertThat(client.isActive()).isTrue();
    }

    @Test
    void aCheckoutRunWithCelAndJsValidatorsPasses() throws Exception {
        String flow = uniqueFlow();
        String run = "order-1";
        reportCheckout(client, flow, run, 120.5, 120.5);
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

        JsonNode evaluation = app.runEval(run, flow);

        assertThat(evaluation.get("status").asString()).as(evaluation.toString()).isEqualTo("passed");
        assertThat(statuses(evaluation)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "order_placed", "passed", "payment_charged", "passed", "receipt_sent", "passed"));
        assertThat(node(evaluation, "payment_charged").get("message").asString()).isEqualTo("Validator passed");
        assertThat(node(evaluation, "receipt_sent").get("message").asString()).isEqualTo("Validator passed");
    }

    @Test
    void aRunWhoseCelValidatorIsFalseFails() throws Exception {
        String flow = uniqueFlow();
        reportCheckout(client, flow, "order-2", 120.5, 99.0);
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

        JsonNode evaluation = app.runEval("order-2", flow);

        assertThat(evaluation.get("status").asString()).as(evaluation.toString()).isEqualTo("failed");
        assertThat(node(evaluation, "payment_charged").get("status").asString()).isEqualTo("failed");
        assertThat(node(evaluation, "payment_charged").get("error").asString()).isEqualTo("Validator assertion failed");
    }

    @Test
    void aRunWaitingForItsAssertIsRunning() throws Exception {
        String flow = uniqueFlow();
        reportCheckout(client, flow, "order-3", 10.0, 10.0); // defines the nodes
        client.act(Ensure.node("order_placed").flow(flow).runId("order-4").data(Map.of("amount", 10.0)));
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

        JsonNode evaluation = app.runEval("order-4", flow);

        assertThat(evaluation.get("status").asString()).as(evaluation.toString()).isEqualTo("running");
        assertThat(node(evaluation, "payment_charged").get("status").asString()).isEqualTo("running");
    }

    @Test
    void storesEveryFieldAsSentWithNanosecondTimestamps() throws Exception {
        String flow = uniqueFlow();
        Instant at = Instant.parse("2026-11-25T10:15:30.123456789Z");
        long expectedTs = 1795601730123456789L; // > 2^53: would lose digits as a double
        FlowproofClient fixedClock = FlowproofClient.start(FlowproofSettings.builder().url(app.url()).apiKey(KEY)
                .environment(n -> null).shutdownHook(false).clock(Clock.fixed(at, ZoneOffset.UTC)).build());
        Map<String, Object> data = new HashMap<>(Map.of("order_id", "o-5", "amount", 120.5, "items",
                List.of(Map.of("sku", "A1", "qty", 2)), "big", 9_007_199_254_740_993L));
        fixedClock.ensure(Ensure.node("payment_charged").flow(flow).runId("o-5").data(data)
                .description("Charged amount equals order amount")
                .depIds("order_placed")
                .filter(Expr.js("data.amount > 0"))
                .validator(Expr.cel("data.amount > 0.0"))
                .timeout(Duration.ofSeconds(5))
                .additionalMeta(Map.of("service", "web")));
        assertThat(fixedClock.shutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(fixedClock.stats().sent()).isEqualTo(1);

        JsonNode event = app.get("/v1/events?flow=" + flow).get(0);
        assertThat(event.get("ts").isIntegralNumber()).isTrue();
        assertThat(event.get("ts").asLong()).isEqualTo(expectedTs);
        assertThat(event.get("node_id").asString()).isEqualTo("payment_charged");
        assertThat(event.get("run_id").asString()).isEqualTo("o-5");
        assertThat(event.get("type").asString()).isEqualTo("assert");
        assertThat(event.get("data")).isEqualTo(RealApp.JSON.valueToTree(data));

        JsonNode node = null;
        for (JsonNode candidate : app.get("/v1/nodes")) {
            if (candidate.get("flow").asString().equals(flow) && candidate.get("id").asString().equals("payment_charged")) {
                node = candidate;
            }
        }
        assertThat(node).as("node payment_charged of " + flow).isNotNull();
        assertThat(node.get("source").asString()).isEqualTo("code");
        assertThat(node.get("description").asString()).isEqualTo("Charged amount equals order amount");
        assertThat(node.get("dep_ids").toString()).isEqualTo("[\"order_placed\"]");
        assertThat(node.get("filter").toString()).isEqualTo("{\"engine\":\"js\",\"script\":\"data.amount > 0\"}");
        assertThat(node.get("validator").toString()).isEqualTo("{\"engine\":\"cel\",\"script\":\"data.amount > 0.0\"}");
        assertThat(node.get("conditions").toString()).isEqualTo("[{\"timeout_ms\":5000}]");
        assertThat(node.get("additional_meta").toString()).isEqualTo("{\"service\":\"web\"}");
    }

    @Test
    void aWrongKeyMakesTheSdkANoOpWithOneWarning() {
        try (LogCapture logs = new LogCapture()) {
            FlowproofClient wrong = FlowproofClient.start(FlowproofSettings.builder().url(app.url()).apiKey("wrong")
                    .environment(n -> null).shutdownHook(false).build());
            wrong.act("n", "f", "r", Map.of());
            assertThat(wrong.isActive()).isFalse();
            assertThat(logs.warnings()).singleElement().asString().contains("403");
        }
    }

    @Test
    void theSampleReportsAFlowThatPasses() throws Exception {
        Path sample = Path.of(System.getProperty("flowproof.sample.dir", "../samples/java-sdk"), "CheckoutFlow.java");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), sample.toString())
                .redirectErrorStream(true);
        builder.environment().put("FLOWPROOF_URL", app.url());
        builder.environment().put("FLOWPROOF_API_KEY", KEY);
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Evaluation: passed").contains("payment_charged");
    }

    /** order_placed (act) -> payment_charged (assert, CEL filter + validator) -> receipt_sent (assert, JS validator). */
    static void reportCheckout(FlowproofClient client, String flow, String run, double amount, double charged) {
        client.act(Ensure.node("order_placed").flow(flow).runId(run)
                .data(Map.of("order_id", run, "amount", amount, "currency", "EUR"))
                .description("Customer placed an order")
                .timeout(Duration.ofSeconds(60)));
        client.assertThat(Ensure.node("payment_charged").flow(flow).runId(run)
                .data(Map.of("order_id", run, "charged", charged, "status", "succeeded"))
                .depIds("order_placed")
                .filter(Expr.cel("data.status != 'test'"))
                .validator(Expr.cel("data.charged == ctx.data.amount"))
                .timeout(Duration.ofSeconds(60)));
        client.assertThat(Ensure.node("receipt_sent").flow(flow).runId(() -> run)
                .data(Map.of("email", "a@example.com", "sent", true))
                .depIds("payment_charged")
                .validator(Expr.js("data.sent === true && ctx.deps.length === 1")));
    }

    private static Map<String, String> statuses(JsonNode evaluation) {
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode item : evaluation.get("exec_info")) {
            statuses.put(item.get("node_id").asString(), item.get("status").asString());
        }
        return statuses;
    }

    private static JsonNode node(JsonNode evaluation, String id) {
        for (JsonNode item : evaluation.get("exec_info")) {
            if (item.get("node_id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no exec_info for " + id + " in " + evaluation);
    }

    private static String uniqueFlow() {
        return "sdk-it-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
