package io.flowproof.functions.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The app pointed at a port where no database listens: alive, not ready, and it says so quickly. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "flowproof.api-key=k", "flowproof.embedded-postgres.enabled=false", "spring.flyway.enabled=false",
        "flowproof.poller.enabled=false", "flowproof.flows-sync-on-start=false", "spring.r2dbc.username=nobody",
        "spring.r2dbc.pool.initial-size=0"})
@AutoConfigureWebTestClient
class ReadinessWithoutDatabaseTest {

    @DynamicPropertySource
    static void unreachableDatabase(DynamicPropertyRegistry registry) {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + closedPort + "/nothing");
    }

    @Autowired
    WebTestClient client;

    @Test
    void readinessIsDownWithinTheTimeoutWhileLivenessStaysUp() {
        WebTestClient patient = client.mutate().responseTimeout(Duration.ofSeconds(15)).build();
        long started = System.nanoTime();
        patient.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.status").isEqualTo("DOWN");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        patient.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        patient.get().uri("/health").exchange().expectStatus().isOk();
    }
}
