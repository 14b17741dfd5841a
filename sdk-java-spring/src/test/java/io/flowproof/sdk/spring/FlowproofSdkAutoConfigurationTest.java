package io.flowproof.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import com.sun.net.httpserver.HttpServer;

import io.flowproof.sdk.Flowproof;
import io.flowproof.sdk.FlowproofClient;

class FlowproofSdkAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlowproofSdkAutoConfiguration.class));

    private HttpServer backend;
    private final List<String> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        backend.createContext("/v1/status", exchange -> {
            int status = "good-key".equals(exchange.getRequestHeaders().getFirst("X-Api-Key")) ? 200 : 403;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        backend.createContext("/v1/events-batch", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                batches.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        Flowproof.shutdown(Duration.ofSeconds(1));
        backend.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + backend.getAddress().getPort();
    }

    @Test
    void startsTheClientFromFlowproofSdkPropertiesAndClosesItWithTheContext() {
        runner.withPropertyValues("flowproof.sdk.url=" + url(), "flowproof.sdk.api-key=good-key",
                "flowproof.sdk.batch-size=7", "flowproof.sdk.flush-interval=10m", "flowproof.sdk.max-queue-size=70",
                "flowproof.sdk.max-retries=1", "flowproof.sdk.shutdown-timeout=3s")
                .run(context -> {
                    FlowproofClient client = context.getBean(FlowproofClient.class);
                    assertThat(client.isActive()).isTrue();
                    assertThat(client.settings().batchSize()).isEqualTo(7);
                    assertThat(client.settings().maxQueueSize()).isEqualTo(70);
                    assertThat(client.settings().flushInterval()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(client.settings().maxRetries()).isEqualTo(1);
                    assertThat(client.settings().shutdownHook()).isFalse();
                    assertThat(Flowproof.client()).containsSame(client);

                    Flowproof.act("order_placed", "checkout", "r1", Map.of("amount", 1));
                    assertThat(batches).isEmpty(); // 10 minute interval: still queued

                    ((ConfigurableApplicationContext) context).close();
                    assertThat(client.isActive()).isFalse();
                    assertThat(batches).singleElement().asString().contains("\"id\":\"order_placed\"");
                });
    }

    @Test
    void staysANoOpWhenTheKeyIsWrongButTheContextStarts() {
        runner.withPropertyValues("flowproof.sdk.url=" + url(), "flowproof.sdk.api-key=bad-key")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FlowproofClient.class).isActive()).isFalse();
                });
    }

    @Test
    void staysANoOpWhenTheBackendIsDown() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        runner.withPropertyValues("flowproof.sdk.url=http://127.0.0.1:" + closed, "flowproof.sdk.api-key=good-key")
                .run(context -> assertThat(context.getBean(FlowproofClient.class).isActive()).isFalse());
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("flowproof.sdk.enabled=false", "flowproof.sdk.url=" + url())
                .run(context -> assertThat(context).doesNotHaveBean(FlowproofClient.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnClient() {
        runner.withBean(FlowproofClient.class, FlowproofClient::disabled)
                .run(context -> {
                    assertThat(context).hasSingleBean(FlowproofClient.class);
                    assertThat(context.getBean(FlowproofClient.class).settings().apiKey()).isNull();
                });
    }

    @Test
    void canLeaveTheStaticFacadeAlone() {
        runner.withPropertyValues("flowproof.sdk.url=" + url(), "flowproof.sdk.api-key=good-key",
                "flowproof.sdk.register-global=false")
                .run(context -> {
                    FlowproofClient bean = context.getBean(FlowproofClient.class);
                    assertThat(bean.isActive()).isTrue();
                    assertThat(Flowproof.client().filter(global -> global == bean)).isEmpty();
                });
    }

    @Test
    void isRegisteredAsAnAutoConfiguration() {
        List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
        assertThat(candidates).contains(FlowproofSdkAutoConfiguration.class.getName());
    }
}
