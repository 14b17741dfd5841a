package io.flowproof.functions.lambda;

import static io.flowproof.functions.lambda.LambdaInvocations.KEY;
import static io.flowproof.functions.lambda.LambdaInvocations.functionUrlEvent;
import static io.flowproof.functions.lambda.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowproof.infra.json.WireJson;
import io.flowproof.infra.testing.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The {@code trigger} Lambda (function URL) starts an ensure run and fires its trigger against a real local
 * HTTP target; the {@code poll} Lambda, fed a recorded EventBridge Scheduler event, advances it.
 */
class TriggerAndPollLambdaTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    private static HttpServer target;
    private static final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private static FunctionInvoker trigger;
    private static FunctionInvoker poll;
    private static FunctionInvoker evaluate;

    @BeforeAll
    static void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/orders", exchange -> {
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            byte[] body = "{\"id\":\"lambda-order-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        evaluate = LambdaInvocations.invoker(postgres, "evaluate");
        trigger = LambdaInvocations.invoker(postgres, "trigger");
        poll = LambdaInvocations.invoker(postgres, "poll");
        String node = """
                {"flow":"lambda-shop","id":"create_order","type":"trigger","handler":"http_request",
                 "handler_input":{"params":{"url":"http://127.0.0.1:%d/orders","method":"POST",
                   "run_id_extractor":{"engine":"python","script":"output['id']"}}}}
                """.formatted(target.getAddress().getPort());
        assertThat(invoke(evaluate, functionUrlEvent("POST", "/v1/nodes", "", KEY, node, false)).get("statusCode")).isEqualTo(200L);
    }

    @AfterAll
    static void stop() {
        target.stop(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void startsARunThroughTheFunctionUrlAndAdvancesItFromAScheduledEvent() throws Exception {
        Map<String, Object> started = invoke(trigger, functionUrlEvent("POST", "/v1/ensure-runs", "", KEY,
                "{\"flow\":\"lambda-shop\",\"idempotency_key\":\"deploy-42\"}", false));
        assertThat(started.get("statusCode")).isEqualTo(201L);
        Map<String, Object> run = WireJson.readObject((String) started.get("body"));
        assertThat(run.get("flow")).isEqualTo("lambda-shop");

        Map<String, Object> again = invoke(trigger, functionUrlEvent("POST", "/v1/ensure-runs", "", KEY,
                "{\"flow\":\"lambda-shop\",\"idempotency_key\":\"deploy-42\"}", false));
        assertThat(again.get("statusCode")).as("same idempotency key: the existing run").isEqualTo(200L);
        assertThat(WireJson.readObject((String) again.get("body")).get("id")).isEqualTo(run.get("id"));

        String scheduled = LambdaInvocations.resource("lambda-events/eventbridge-scheduled-event.json");
        Map<String, Object> summary = Map.of();
        for (int tick = 0; tick < 3; tick++) { // the start already fired the trigger; ticks must not fire it again
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            poll.handleRequest(new ByteArrayInputStream(scheduled.getBytes(StandardCharsets.UTF_8)), out, null);
            summary = WireJson.readObject(out.toString(StandardCharsets.UTF_8));
            Thread.sleep(100);
        }
        assertThat(summary).containsKeys("claimed", "advanced", "passed", "failed", "timed_out", "errors", "schedules_fired", "duration_ms");
        assertThat(idempotencyKeys).as("the trigger fired once, with its idempotency key").hasSize(1);
        assertThat(idempotencyKeys.get(0)).startsWith((String) run.get("id"));

        Map<String, Object> detail = invoke(evaluate, functionUrlEvent("GET", "/v1/ensure-runs/" + run.get("id"), "", KEY, null, false));
        assertThat(detail.get("statusCode")).isEqualTo(200L);
        assertThat(WireJson.readObject((String) detail.get("body")).get("run_id")).isEqualTo("lambda-order-1");

        // the CLI talks to one URL: the trigger function also answers the reads `flowproof ensure` needs
        Map<String, Object> viaTrigger = invoke(trigger, functionUrlEvent("GET", "/v1/ensure-runs/" + run.get("id"), "", KEY, null, false));
        assertThat(viaTrigger.get("statusCode")).isEqualTo(200L);
        assertThat(invoke(trigger, functionUrlEvent("GET", "/v1/flows", "", KEY, null, false)).get("statusCode")).isEqualTo(200L);
        assertThat(invoke(trigger, functionUrlEvent("POST", "/v1/run-eval", "", KEY, "{}", false)).get("statusCode"))
                .as("evaluation stays with the evaluate function").isEqualTo(404L);
    }

    @Test
    void refusesToStartWithoutAKey() {
        Map<String, Object> response = invoke(trigger, functionUrlEvent("POST", "/v1/ensure-runs", "", null,
                "{\"flow\":\"lambda-shop\"}", false));

        assertThat(response.get("statusCode")).isEqualTo(401L);
    }
}
