package io.flowproof.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowproof.domain.port.Notifier;
import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import io.flowproof.infra.notify.CompositeNotifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The {@code notifier} bean wired into {@code /v1/run-eval}: a failed evaluation reaches the configured webhook. */
class NotificationsWiringTest extends ApiTestSupport {

    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer SERVER = server();

    private static HttpServer server() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                RECEIVED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("flowproof.webhook-url", () -> "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/hook");
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @Autowired
    ApplicationContext context;

    @Test
    void thereIsExactlyOneNotifierNamedNotifierWithTheWebhookChannel() {
        Map<String, Notifier> notifiers = context.getBeansOfType(Notifier.class);
        assertThat(notifiers).containsOnlyKeys("notifier");
        assertThat(((CompositeNotifier) notifiers.get("notifier")).channels()).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedRunEvalIsPostedToTheWebhook() throws InterruptedException {
        api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                [{"flow":"notified","id":"check","run_id":"n1","type":"assert","data":{"ok":false},"ts":1,
                  "validator":{"engine":"cel","script":"data.ok"}}]
                """).exchange().expectStatus().isOk();
        api().post().uri("/v1/run-eval").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"run_id\":\"n1\",\"flow\":\"notified\"}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("failed");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (RECEIVED.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(RECEIVED).isNotEmpty();
        Map<String, Object> body = WireJson.readObject(RECEIVED.get(0));
        assertThat(body).containsEntry("flow", "notified").containsEntry("run_id", "n1").containsEntry("status", "failed")
                .containsEntry("transition", null).containsEntry("ensure_run_id", null)
                .containsEntry("failed_nodes", List.of("check"));
        assertThat((Map<String, Object>) body.get("output")).containsEntry("status", "failed");
    }
}
