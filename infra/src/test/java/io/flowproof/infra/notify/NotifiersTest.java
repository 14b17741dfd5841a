package io.flowproof.infra.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.NodeExecInfo;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.Notifier.Notification;
import io.flowproof.infra.json.WireJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The notifiers against a real HTTP server on 127.0.0.1, asserting the exact JSON it receives. */
class NotifiersTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static NodeExecInfo info(String id, EvalStatus status, String... deps) {
        return new NodeExecInfo(id, List.of(deps), status, "m", null, 1, List.of(), List.of(), null);
    }

    /** checkout: cart -> payment -> {confirm, email}; confirm failed. */
    static EvalResult failedCheckout() {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        graph.put("cart", List.of());
        graph.put("payment", List.of("cart"));
        graph.put("confirm", List.of("payment"));
        graph.put("email", List.of("payment"));
        return new EvalResult(EvalStatus.FAILED, 12_400_000, graph, List.of(info("cart", EvalStatus.PASSED),
                info("payment", EvalStatus.PASSED, "cart"), info("confirm", EvalStatus.FAILED, "payment"),
                info("email", EvalStatus.RUNNING, "payment")), List.of("e1"));
    }

    @Test
    void slackGetsTheOriginalBlockKitPayloadWithTheGraphTheRightWayUp() {
        var slack = new SlackNotifier(http, url("/services/T/B/X"));

        StepVerifier.create(slack.notify(new Notification("checkout", "r1", "failed", failedCheckout(), null, null)))
                .verifyComplete();

        assertThat(received).containsExactly("POST /services/T/B/X application/json\n"
                + "{\"attachments\":[{\"color\":\"danger\",\"blocks\":["
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"🔴 Flow *checkout* — failed\"}},"
                + "{\"type\":\"section\",\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"*Flow:*\\n`checkout`\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Run ID:*\\n`r1`\"},{\"type\":\"mrkdwn\",\"text\":\"*Status:*\\n`failed`\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Duration:*\\n12ms\"}]},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Graph:*\\n```\\n"
                + "✅ cart\\n    └─→ ✅ payment\\n        ├─→ ❌ confirm\\n        └─→ ⏳ email"
                + "\\n```\"}},"
                + "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"Flow: `checkout` | Run: `r1`\"}]}]}]}");
    }

    @Test
    void slackResolvedTransitionIsGreenWithTheResolvedHeader() {
        var passed = new EvalResult(EvalStatus.PASSED, 2_500_000_000L, Map.of("a", List.of()), List.of(info("a", EvalStatus.PASSED)), List.of());
        Map<String, Object> payload = SlackMessage.payload(new Notification("f", "r", "passed", passed, "failed->passed", null));

        @SuppressWarnings("unchecked")
        Map<String, Object> attachment = ((List<Map<String, Object>>) payload.get("attachments")).get(0);
        assertThat(attachment.get("color")).isEqualTo("good");
        assertThat(WireJson.write(attachment.get("blocks"))).contains("🟢 Flow *f* resolved (failed->passed)", "*Duration:*\\n2.5s");
    }

    @Test
    void formatsDurationsAndColoursLikeTheOriginal() {
        assertThat(SlackMessage.duration(0)).isEqualTo("0ms");
        assertThat(SlackMessage.duration(500_000)).isEqualTo("0ms"); // 0.5 rounds half to even
        assertThat(SlackMessage.duration(1_500_000)).isEqualTo("2ms");
        assertThat(SlackMessage.duration(999_400_000)).isEqualTo("999ms");
        assertThat(SlackMessage.duration(59_940_000_000L)).isEqualTo("59.9s");
        assertThat(SlackMessage.duration(90_000_000_000L)).isEqualTo("1.5m");
        assertThat(SlackMessage.color("timed_out")).isEqualTo("danger");
        assertThat(SlackMessage.color("running")).isEqualTo("warning");
        assertThat(SlackMessage.color("cancelled")).isEqualTo("#cccccc");
        assertThat(SlackMessage.headerEmoji("running")).isEqualTo("🟡");
    }

    @Test
    void drawsSeveralRootsGhostsDiamondsAndCycles() {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        graph.put("z_root", List.of());
        graph.put("b", List.of("a_root", "z_root"));
        graph.put("a_root", List.of());
        graph.put("c", List.of("ghost"));
        EvalResult result = new EvalResult(EvalStatus.RUNNING, 0, graph, List.of(info("b", EvalStatus.SKIPPED)), List.of());
        assertThat(AsciiGraph.render(result)).isEqualTo("""
                ❓ a_root
                    └─→ ⏸️ b

                ❓ ghost
                    └─→ ❓ c

                ❓ z_root""");

        EvalResult cycle = new EvalResult(EvalStatus.FAILED, 0, Map.of("x", List.of("y"), "y", List.of("x")), List.of(), List.of());
        assertThat(AsciiGraph.render(cycle)).isEqualTo("❓ x\n❓ y");
        assertThat(AsciiGraph.render(EvalResult.terminal(EvalStatus.TIMED_OUT, 5))).isEqualTo("(no graph)");
    }

    @Test
    void genericWebhookGetsFlowStatusFailedNodesAndTheOutput() {
        var webhook = new WebhookNotifier(http, url("/hook"));
        EvalResult result = new EvalResult(EvalStatus.FAILED, 7, Map.of("a", List.of()),
                List.of(new NodeExecInfo("a", List.of(), EvalStatus.FAILED, "Validation failed", null, 3, List.of("e1"), List.of(), null)),
                List.of("e1"));

        StepVerifier.create(webhook.notify(new Notification("pay", "r9", "failed", result, null, "ens-1"))).verifyComplete();

        assertThat(received).containsExactly("POST /hook application/json\n"
                + "{\"flow\":\"pay\",\"run_id\":\"r9\",\"status\":\"failed\",\"transition\":null,\"ensure_run_id\":\"ens-1\","
                + "\"failed_nodes\":[\"a\"],\"output\":{\"status\":\"failed\",\"elapsed_ns\":7,\"graph\":{\"a\":[]},"
                + "\"exec_info\":[{\"node_id\":\"a\",\"dep_node_ids\":[],\"status\":\"failed\",\"message\":\"Validation failed\","
                + "\"error\":null,\"elapsed_ns\":3,\"ev_ids\":[\"e1\"],\"upstream_ev_ids\":[]}],\"ev_ids\":[\"e1\"]}}");
    }

    @Test
    void errorAnswersAndUnreachableEndpointsNeverFailTheCaller() {
        answer.set(500);
        var notifier = new CompositeNotifier(List.of(new SlackNotifier(http, url("/slack")),
                new WebhookNotifier(http, URI.create("http://127.0.0.1:1/unreachable")),
                n -> Mono.error(new IllegalStateException("boom"))), Duration.ZERO, Clock.systemUTC());

        StepVerifier.create(notifier.notify(new Notification("f", "r", "failed", failedCheckout(), null, null))).verifyComplete();

        assertThat(received).hasSize(1);
    }

    @Test
    void throttlesPerFlowAndStatusWithTheInjectedClock() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        List<String> sent = new CopyOnWriteArrayList<>();
        Notifier recording = n -> Mono.fromRunnable(() -> sent.add(n.flow() + ":" + n.status()));
        var notifier = new CompositeNotifier(List.of(recording), Duration.ofSeconds(60), clock);
        EvalResult failed = failedCheckout();
        EvalResult passed = new EvalResult(EvalStatus.PASSED, 0, Map.of(), List.of(), List.of());

        notifier.notify(new Notification("a", "r1", "failed", failed, null, null)).block();
        notifier.notify(new Notification("a", "r2", "failed", failed, null, null)).block();   // same key: skipped
        notifier.notify(new Notification("b", "r3", "failed", failed, null, null)).block();   // other flow
        notifier.notify(new Notification("a", "r1", "passed", passed, "failed->passed", null)).block(); // other status
        now.set(now.get().plusSeconds(59));
        notifier.notify(new Notification("a", "r4", "failed", failed, null, null)).block();   // still within 60 s
        now.set(now.get().plusSeconds(1));
        notifier.notify(new Notification("a", "r5", "failed", failed, null, null)).block();   // 60 s later: sent

        assertThat(sent).containsExactly("a:failed", "b:failed", "a:passed", "a:failed");
        var off = new CompositeNotifier(List.of(recording), Duration.ZERO, clock);
        off.notify(new Notification("a", "r", "failed", failed, null, null)).block();
        off.notify(new Notification("a", "r", "failed", failed, null, null)).block();
        assertThat(sent).hasSize(6);
        StepVerifier.create(new CompositeNotifier(List.of(), Duration.ZERO, clock)
                .notify(new Notification("a", "r", "failed", failed, null, null))).verifyComplete();
    }
}
