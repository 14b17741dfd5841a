package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Batching by size and interval, flush, shutdown, concurrency and the JVM shutdown hook. */
class BatchingTest {

    private static final Map<String, Object> DATA = Map.of("k", "v");

    @Test
    void sendsFullBatchesAtOnceAndTheRestAfterTheInterval() throws Exception {
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).batchSize(5)
                    .flushInterval(Duration.ofMillis(700)).build());
            long start = System.nanoTime();
            for (int i = 0; i < 12; i++) {
                client.act("n", "f", "run-" + i, DATA);
            }
            assertThat(backend.awaitBatchRequests(2, Duration.ofSeconds(5))).isTrue();
            long fullBatches = System.nanoTime() - start;
            assertThat(backend.awaitBatchRequests(3, Duration.ofSeconds(5))).isTrue();
            long partialBatch = backend.batches().get(2).atNanos() - start;

            assertThat(Duration.ofNanos(fullBatches)).isLessThan(Duration.ofMillis(500));
            assertThat(Duration.ofNanos(partialBatch)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(backend.batches()).extracting(b -> count(b.body())).containsExactly(5, 5, 2);
            assertThat(BackendFaultsTest.runNumbers(backend)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void flushSendsAPartialBatchNow() {
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).build()); // 1 min interval
            client.act("n", "f", "r", DATA);
            long start = System.nanoTime();
            assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(backend.batches()).hasSize(1);
            assertThat(client.flush(Duration.ofSeconds(1))).isTrue(); // nothing new: returns at once
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void shutdownSendsWhatIsQueuedAndStopsTheSender() {
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).batchSize(100)
                    .maxQueueSize(1000).build());
            for (int i = 0; i < 250; i++) {
                client.act("n", "f", "run-" + i, DATA);
            }
            assertThat(client.shutdown(Duration.ofSeconds(5))).isTrue();

            assertThat(BackendFaultsTest.runNumbers(backend)).hasSize(250);
            assertThat(client.isActive()).isFalse();
            assertThat(client.stats().queued()).isZero();
            assertThat(client.shutdown(Duration.ofSeconds(1))).isTrue(); // idempotent
        }
    }

    @Test
    void deliversEveryEventExactlyOnceFromManyThreads() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient client = FlowproofClient.start(WireFormatTest.settings(backend).batchSize(500)
                    .maxQueueSize(threads * perThread).build());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        client.act("n", "f", "run-" + (thread * perThread + i), DATA);
                    }
                    return null;
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();

            List<Integer> delivered = BackendFaultsTest.runNumbers(backend);
            Set<Integer> unique = new HashSet<>(delivered);
            assertThat(delivered).hasSize(threads * perThread);
            assertThat(unique).hasSize(threads * perThread);
            assertThat(client.stats().sent()).isEqualTo(threads * perThread);
            assertThat(client.stats().droppedQueueFull()).isZero();
            client.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void theShutdownHookSendsWhatIsQueuedWhenTheJvmExits() throws Exception {
        try (StubBackend backend = new StubBackend()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ExitWithoutShutdown.class.getName(), backend.url())
                    .redirectErrorStream(true).start();
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(exited).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(BackendFaultsTest.runNumbers(backend)).as(output).hasSize(42);
        }
    }

    /** Run in a child JVM: reports 42 events and returns from main without flushing or shutting down. */
    public static final class ExitWithoutShutdown {
        public static void main(String[] args) {
            Flowproof.initialize(FlowproofSettings.builder().url(args[0]).apiKey("k").environment(n -> null)
                    .flushInterval(Duration.ofMinutes(10)).build());
            for (int i = 0; i < 42; i++) {
                Flowproof.act("n", "f", "run-" + i, Map.of("i", i));
            }
        }
    }

    private static final Pattern EVENT = Pattern.compile("\"run_id\"");

    private static int count(String body) {
        Matcher m = EVENT.matcher(body);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
