package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.flowproof.sdk.StubBackend.Reply;

/** The backend is down, slow, hangs, or refuses: the application never notices. */
class BackendFaultsTest {

    private static final Map<String, Object> DATA = Map.of("amount", 12.5, "currency", "EUR");

    // --- status check at start ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 500, 503})
    void becomesANoOpWithOneWarningWhenTheStatusCheckIsNot200(int status) {
        try (StubBackend backend = new StubBackend().statusAnswers(status); LogCapture logs = new LogCapture()) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).build());

            assertThat(client.isActive()).isFalse();
            for (int i = 0; i < 1000; i++) {
                client.act("n", "f", "r" + i, DATA);
            }
            assertThat(client.flush(Duration.ofSeconds(1))).isTrue();
            assertThat(client.shutdown(Duration.ofSeconds(1))).isTrue();
            assertThat(logs.warnings()).hasSize(1).first().asString().contains("disabled").contains(String.valueOf(status));
            assertThat(backend.batchRequests()).isZero();
            assertThat(client.stats().ignored()).isEqualTo(1000);
        }
    }

    @Test
    void becomesANoOpWhenTheBackendIsDown() {
        try (LogCapture logs = new LogCapture()) {
            FlowproofClient client = FlowproofClient.start(FlowproofSettings.builder().environment(n -> null)
                    .url("http://127.0.0.1:" + StubBackend.closedPort()).apiKey("k").shutdownHook(false).build());

            assertThat(client.isActive()).isFalse();
            assertThatCode(() -> client.act("n", "f", "r", DATA)).doesNotThrowAnyException();
            assertThat(logs.warnings()).singleElement().asString().contains("unreachable");
        }
    }

    @Test
    void becomesANoOpWhenTheStatusCheckTimesOut() {
        try (StubBackend backend = new StubBackend().statusHangs(); LogCapture logs = new LogCapture()) {
            long start = System.nanoTime();
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend)
                    .statusCheckTimeout(Duration.ofMillis(300)).build());

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(client.isActive()).isFalse();
            assertThat(logs.warnings()).singleElement().asString().contains("unreachable");
        }
    }

    @Test
    void becomesANoOpWithoutAnApiKeyAndDoesNotCallTheBackend() {
        try (StubBackend backend = new StubBackend(); LogCapture logs = new LogCapture()) {
            FlowproofClient client = FlowproofClient.start(FlowproofSettings.builder().environment(n -> null)
                    .url(backend.url()).shutdownHook(false).build());

            assertThat(client.isActive()).isFalse();
            assertThat(backend.statusRequests()).isZero();
            assertThat(logs.warnings()).singleElement().asString().contains("no API key");
        }
    }

    @Test
    void becomesANoOpWithAMalformedUrl() {
        try (LogCapture logs = new LogCapture()) {
            FlowproofClient client = FlowproofClient.start(FlowproofSettings.builder().environment(n -> null)
                    .url("not a url").apiKey("k").shutdownHook(false).build());
            assertThat(client.isActive()).isFalse();
            assertThat(logs.warnings()).singleElement().asString().contains("not an http(s) URL");
        }
    }

    // --- the backend misbehaves after start -------------------------------------------------------------

    @Test
    void neverBlocksTheCallerWhileTheBackendHangs() throws Exception {
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> Reply.hang())) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).batchSize(100)
                    .maxQueueSize(10_000).requestTimeout(Duration.ofSeconds(30)).build());
            for (int i = 0; i < 200; i++) { // first batch goes out and hangs
                client.act("warm-up", "f", "r", DATA);
            }
            assertThat(backend.awaitBatchRequests(1, Duration.ofSeconds(5))).isTrue();

            long start = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                client.act("n", "f", "r" + i, DATA);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(client.stats().droppedQueueFull()).isGreaterThan(80_000);
            long before = System.nanoTime();
            assertThat(client.shutdown(Duration.ofMillis(300))).isFalse(); // cannot send: returns at its deadline
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void keepsCallersFastAndDeliversEverythingWhenTheBackendIsSlow() throws Exception {
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> Reply.slow(200, Duration.ofMillis(300)))) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).batchSize(50).build());

            long start = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                client.act("n" + i, "f", "r", DATA);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
            assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(client.stats().sent()).isEqualTo(500);
            assertThat(backend.batches()).hasSize(10);
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void dropsTheOldestEventsWhenTheQueueIsFullAndCountsThem() throws Exception {
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> n == 0 ? Reply.hang() : Reply.status(200))) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).batchSize(10)
                    .maxQueueSize(100).build());
            for (int i = 0; i < 10; i++) { // one full batch: sent at once, and the backend sits on it
                client.act("n", "f", "run-" + i, DATA);
            }
            assertThat(backend.awaitBatchRequests(1, Duration.ofSeconds(5))).isTrue();
            for (int i = 10; i < 1000; i++) {
                client.act("n", "f", "run-" + i, DATA);
            }
            assertThat(client.stats().queued()).isEqualTo(100);
            assertThat(client.stats().droppedQueueFull()).isEqualTo(890);

            backend.release();
            assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
            List<Integer> delivered = runNumbers(backend);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(i);
            }
            for (int i = 900; i < 1000; i++) {
                expected.add(i);
            }
            assertThat(delivered).containsExactlyElementsOf(expected); // the newest 100 survived, in order
            assertThat(client.stats().sent()).isEqualTo(110);
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void dropsBatchesTheBackendRefusesForTheKeyWithoutRetrying(int status) throws Exception {
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> Reply.status(status)); LogCapture logs = new LogCapture()) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).batchSize(10)
                    .initialBackoff(Duration.ofMillis(10)).build());
            for (int i = 0; i < 30; i++) {
                client.act("n", "f", "r" + i, DATA);
            }
            assertThat(client.flush(Duration.ofSeconds(5))).isTrue();

            assertThat(backend.batchRequests()).isEqualTo(3); // one attempt per batch
            assertThat(client.stats().droppedRejected()).isEqualTo(30);
            assertThat(client.stats().retries()).isZero();
            assertThat(logs.warnings()).singleElement().asString().contains(String.valueOf(status)).contains("not retried");
            assertThat(client.isActive()).isTrue(); // a rotated key can still be fixed on the server side
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void dropsBatchesTheBackendCallsInvalidWithoutRetrying() {
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> Reply.status(422))) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).build());
            client.act("n", "f", "r", DATA);
            client.flush(Duration.ofSeconds(5));
            assertThat(backend.batchRequests()).isEqualTo(1);
            assertThat(client.stats().droppedRejected()).isEqualTo(1);
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void retriesServerErrorsWithGrowingBackoff() throws Exception {
        List<Long> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> {
            attempts.add(System.nanoTime());
            return n < 3 ? Reply.status(n == 1 ? 503 : 500) : Reply.status(200);
        })) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend)
                    .initialBackoff(Duration.ofMillis(100)).maxRetries(5).build());
            client.act("n", "f", "r", DATA);
            assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

            assertThat(backend.batches()).hasSize(1);
            assertThat(client.stats().sent()).isEqualTo(1);
            assertThat(client.stats().retries()).isEqualTo(3);
            long gap1 = attempts.get(1) - attempts.get(0);
            long gap2 = attempts.get(2) - attempts.get(1);
            long gap3 = attempts.get(3) - attempts.get(2);
            assertThat(Duration.ofNanos(gap1)).isGreaterThanOrEqualTo(Duration.ofMillis(75));   // 100 ms ±25 %
            assertThat(Duration.ofNanos(gap2)).isGreaterThanOrEqualTo(Duration.ofMillis(150));  // 200 ms ±25 %
            assertThat(Duration.ofNanos(gap3)).isGreaterThanOrEqualTo(Duration.ofMillis(300));  // 400 ms ±25 %
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void givesUpAfterTheConfiguredRetriesAndKeepsGoing() throws Exception {
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> n < 3 ? Reply.status(500) : Reply.status(200));
                LogCapture logs = new LogCapture()) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend)
                    .initialBackoff(Duration.ofMillis(10)).maxRetries(2).build());
            client.act("lost", "f", "r", DATA);
            assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(backend.batchRequests()).isEqualTo(3);
            assertThat(client.stats().droppedFailed()).isEqualTo(1);

            client.act("next", "f", "r", DATA);
            assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(client.stats().sent()).isEqualTo(1);
            assertThat(backend.batches()).singleElement().extracting(StubBackend.Received::body).asString().contains("next");
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains("after 3 attempts"));
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void retriesConnectionErrorsAFewTimesThenDrops() throws Exception {
        StubBackend backend = new StubBackend();
        FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend)
                .initialBackoff(Duration.ofMillis(20)).maxRetries(2).connectTimeout(Duration.ofMillis(500)).build());
        backend.close(); // the backend goes away after the status check

        assertThatCode(() -> client.act("n", "f", "r", DATA)).doesNotThrowAnyException();
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(client.stats().retries()).isEqualTo(2);
        assertThat(client.stats().droppedFailed()).isEqualTo(1);
        assertThat(client.shutdown(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void retriesRequestsThatTimeOut() throws Exception {
        try (StubBackend backend = new StubBackend().batchesAnswer(n -> n == 0 ? Reply.slow(200, Duration.ofSeconds(2)) : Reply.status(200))) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend)
                    .requestTimeout(Duration.ofMillis(300)).initialBackoff(Duration.ofMillis(10)).build());
            client.act("n", "f", "r", DATA);
            assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(client.stats().retries()).isEqualTo(1);
            assertThat(client.stats().sent()).isEqualTo(1);
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    private static final Pattern RUN = Pattern.compile("\"run_id\":\"run-(\\d+)\"");

    static List<Integer> runNumbers(StubBackend backend) {
        List<Integer> numbers = new ArrayList<>();
        for (StubBackend.Received batch : backend.batches()) {
            Matcher m = RUN.matcher(batch.body());
            while (m.find()) {
                numbers.add(Integer.parseInt(m.group(1)));
            }
        }
        return numbers;
    }
}
