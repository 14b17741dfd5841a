package io.flowproof.functions.ensure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;

/**
 * Ensure runs end to end over HTTP: the trigger calls a tiny "shop" on 127.0.0.1, which itself reports the flow's
 * events to the app's {@code /v1/events-batch} like a monitored application would; the local ticker re-evaluates.
 */
@TestPropertySource(properties = "flowproof.poll-interval-ms=100")
class EnsureApiTest extends ApiTestSupport {

    private static HttpServer shop;
    private static final AtomicInteger orders = new AtomicInteger();
    private static volatile int appPort;

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("poll")
    Function<Map<String, Object>, Mono<Map<String, Object>>> poll;

    /** POST /orders {"flow","ok","emit"}: creates an order and, when emit is set, reports order_paid to Flowproof. */
    @BeforeAll
    static void startShop() throws IOException {
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.setExecutor(Executors.newCachedThreadPool());
        shop.createContext("/orders", exchange -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> order = (Map<String, Object>) WireJson.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String id = "o-" + orders.incrementAndGet();
            if (Boolean.TRUE.equals(order.get("emit"))) {
                report(String.valueOf(order.get("flow")), id, Boolean.TRUE.equals(order.get("ok")));
            }
            byte[] body = ("{\"id\":\"" + id + "\",\"key\":\"" + exchange.getRequestHeaders().getFirst("Idempotency-Key") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        shop.start();
    }

    @AfterAll
    static void stopShop() {
        shop.stop(0);
    }

    private static void report(String flow, String runId, boolean ok) {
        String batch = """
                [{"flow":"%s","id":"order_paid","run_id":"%s","type":"assert","data":{"ok":%s},"ts":%d,
                  "dep_ids":["create_order"],"validator":{"engine":"cel","script":"data.ok == true"}}]
                """.formatted(flow, runId, ok, Instant.now().toEpochMilli() * 1_000_000L);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + appPort + "/v1/events-batch"))
                    .header("X-Api-Key", KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("events-batch answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The flow: trigger create_order -> assert order_paid (registered by a first, unrelated run's events). */
    private void defineFlow(String flow, boolean ok, boolean emit) {
        appPort = port;
        report(flow, "seed-" + flow, true);
        String shopUrl = "http://127.0.0.1:" + shop.getAddress().getPort() + "/orders";
        String node = """
                {"flow":"%s","id":"create_order","type":"trigger","handler":"http_request",
                 "handler_input":{"params":{"url":"%s","method":"POST","headers":{"Content-Type":"application/json"},
                   "body":"{\\"flow\\":\\"%s\\",\\"ok\\":%s,\\"emit\\":%s}",
                   "run_id_extractor":{"engine":"python","script":"output['id']"}}}}
                """.formatted(flow, shopUrl, flow, ok, emit);
        api().post().uri("/v1/nodes").contentType(MediaType.APPLICATION_JSON).bodyValue(node).exchange().expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String method, String uri, String body, int status) {
        var spec = method.equals("GET") ? api().get().uri(uri) : api().post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body == null ? "" : body);
        String text = spec.exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        Object parsed = WireJson.read(text);
        return parsed instanceof Map<?, ?> ? (Map<String, Object>) parsed : Map.of("list", parsed);
    }

    private Map<String, Object> awaitState(String id, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> state.equals(json("GET", "/v1/ensure-runs/" + id, null, 200).get("state")));
        return json("GET", "/v1/ensure-runs/" + id, null, 200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void passesWhenTheTriggeredApplicationReportsAPassingFlow() {
        defineFlow("shop-pass", true, true);
        Map<String, Object> started = json("POST", "/v1/ensure-runs", "{\"flow\":\"shop-pass\",\"idempotency_key\":\"k1\",\"poll_interval_ms\":100}", 201);
        String id = (String) started.get("id");
        assertThat(started).containsEntry("flow", "shop-pass").containsEntry("origin", "api").containsEntry("idempotency_key", "k1");

        Map<String, Object> done = awaitState(id, "passed");
        assertThat(done.get("status")).isEqualTo("passed");
        assertThat((String) done.get("run_id")).startsWith("o-");
        assertThat(done.get("finished_at")).isNotNull();
        List<Map<String, Object>> steps = (List<Map<String, Object>>) done.get("steps");
        assertThat(steps.get(0)).containsEntry("step_id", "create_order").containsEntry("attempt", 1L).containsEntry("status", "ok");
        assertThat((Map<String, Object>) steps.get(0).get("output")).containsEntry("key", id + ":create_order");
        assertThat(steps.subList(1, steps.size())).allSatisfy(step -> assertThat(step.get("step_id")).isEqualTo("evaluate"));
        Map<String, Object> evaluation = (Map<String, Object>) done.get("evaluation");
        assertThat(evaluation.get("status")).isEqualTo("passed");
        assertThat((Map<String, Object>) evaluation.get("graph")).containsOnlyKeys("create_order", "order_paid");

        List<Map<String, Object>> outputs = (List<Map<String, Object>>) json("GET", "/v1/eval-outputs?name=shop-pass&ev_id="
                + done.get("trigger_ev_id"), null, 200).get("list");
        assertThat(outputs).singleElement().satisfies(o -> assertThat(((Map<String, Object>) o.get("output")).get("status")).isEqualTo("passed"));

        Map<String, Object> again = json("POST", "/v1/ensure-runs", "{\"flow\":\"shop-pass\",\"idempotency_key\":\"k1\"}", 200);
        assertThat(again.get("id")).isEqualTo(id);
        assertThat(json("POST", "/v1/ensure-runs/" + id + "/cancel", null, 409).get("detail")).isEqualTo("Ensure run " + id + " already finished: passed");
        List<Map<String, Object>> listed = (List<Map<String, Object>>) json("GET", "/v1/ensure-runs?flow=shop-pass&state=passed", null, 200).get("list");
        assertThat(listed).extracting(r -> r.get("id")).containsExactly(id);
    }

    @Test
    void failsWhenTheReportedFlowFails() {
        defineFlow("shop-fail", false, true);
        String id = (String) json("POST", "/v1/ensure-runs", "{\"flow\":\"shop-fail\",\"poll_interval_ms\":100}", 201).get("id");
        Map<String, Object> done = awaitState(id, "failed");
        assertThat(done.get("status")).isEqualTo("failed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void timesOutWhenTheApplicationNeverReports() {
        defineFlow("shop-silent", true, false);
        String id = (String) json("POST", "/v1/ensure-runs", "{\"flow\":\"shop-silent\",\"timeout_ms\":1500,\"poll_interval_ms\":100}", 201).get("id");
        Map<String, Object> done = awaitState(id, "timed_out");
        Map<String, Object> evaluation = (Map<String, Object>) done.get("evaluation");
        assertThat(evaluation).containsEntry("status", "timed_out").containsEntry("graph", Map.of()).containsEntry("exec_info", List.of());
        assertThat(((Number) done.get("evaluations")).intValue()).isGreaterThan(1);
    }

    @Test
    void cancelsAWaitingRun() {
        defineFlow("shop-cancel", true, false);
        String id = (String) json("POST", "/v1/ensure-runs", "{\"flow\":\"shop-cancel\",\"timeout_ms\":60000}", 201).get("id");
        assertThat(json("POST", "/v1/ensure-runs/" + id + "/cancel", null, 200).get("state")).isEqualTo("cancelled");
        assertThat(json("GET", "/v1/ensure-runs/" + id, null, 200).get("state")).isEqualTo("cancelled");
    }

    @Test
    void answersBadRequestsWithTheUsualErrors() {
        json("GET", "/v1/ensure-runs/not-a-run", null, 404);
        json("POST", "/v1/ensure-runs/00000000-0000-4000-8000-000000000000/cancel", null, 404);
        json("POST", "/v1/ensure-runs", "{\"flow\":\"nothing\"}", 404);
        json("POST", "/v1/ensure-runs", "{\"timeout_ms\":-1}", 422);
        json("GET", "/v1/ensure-runs?state=sleeping", null, 422);
        client.get().uri("/v1/ensure-runs").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void thePollFunctionReturnsItsSummary() {
        Map<String, Object> summary = poll.apply(Map.of("source", "aws.scheduler")).block(Duration.ofSeconds(30));
        assertThat(summary).containsOnlyKeys("claimed", "advanced", "passed", "failed", "timed_out", "errors", "schedules_fired",
                "duration_ms");
    }
}
