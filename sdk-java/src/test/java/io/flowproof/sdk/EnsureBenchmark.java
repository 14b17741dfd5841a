package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cost of {@code ensure} on the calling thread, and sustained throughput to a fast local backend.
 * Not part of the normal build; run with
 * {@code ./mvnw -B test -pl sdk-java -Dsdk.standalone -Dgroups=benchmark -DexcludedGroups= -Dtest=EnsureBenchmark}.
 */
@Tag("benchmark")
class EnsureBenchmark {

    private static final Map<String, Object> DATA = Map.of("order_id", "o-1", "amount", 120.5, "currency", "EUR");
    private static final Expr VALIDATOR = Expr.cel("data.amount > 0");
    private static final String[] RUNS = new String[1024];

    static {
        for (int i = 0; i < RUNS.length; i++) {
            RUNS[i] = "run-" + i;
        }
    }

    @Test
    void callerThreadCostOfEnsure() {
        int rounds = 10;
        int perRound = 200_000;
        try (StubBackend backend = new StubBackend(false)) {
            FlowproofClient client = FlowproofClient.start(FlowproofSettings.builder().url(backend.url()).apiKey("k")
                    .environment(n -> null).shutdownHook(false).batchSize(1000).maxQueueSize(perRound)
                    .flushInterval(Duration.ofMillis(200)).build());
            emit(client, perRound); // warm-up (JIT)
            client.flush(Duration.ofSeconds(60));

            long totalNanos = 0;
            long worstRound = 0;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                emit(client, perRound);
                long took = System.nanoTime() - start;
                totalNanos += took;
                worstRound = Math.max(worstRound, took);
                client.flush(Duration.ofSeconds(60)); // not timed: keeps the queue from overflowing
            }
            long calls = (long) rounds * perRound;
            double nsPerCall = (double) totalNanos / calls;
            FlowproofStats stats = client.stats();
            System.out.printf("[benchmark] ensure() on the calling thread: %.0f ns/call amortised over %,d calls "
                    + "(worst round %.0f ns/call); sent %,d, dropped %,d%n", nsPerCall, calls,
                    (double) worstRound / perRound, stats.sent(), stats.droppedQueueFull());
            client.shutdown(Duration.ofSeconds(10));
            assertThat(nsPerCall).isLessThan(2_000);
            assertThat(stats.droppedQueueFull()).isZero();
        }
    }

    @Test
    void callerThreadCostWhenTheBackendHangsAndTheQueueIsFull() {
        int calls = 2_000_000;
        try (StubBackend backend = new StubBackend(false).batchesAnswer(n -> StubBackend.Reply.hang())) {
            FlowproofClient client = FlowproofClient.start(FlowproofSettings.builder().url(backend.url()).apiKey("k")
                    .environment(n -> null).shutdownHook(false).batchSize(100).maxQueueSize(10_000)
                    .requestTimeout(Duration.ofMinutes(5)).build());
            emit(client, 200_000); // warm-up
            long start = System.nanoTime();
            emit(client, calls);
            double nsPerCall = (double) (System.nanoTime() - start) / calls;
            System.out.printf("[benchmark] ensure() with a hung backend (queue full, oldest dropped): %.0f ns/call "
                    + "over %,d calls; dropped %,d%n", nsPerCall, calls, client.stats().droppedQueueFull());
            client.shutdown(Duration.ofMillis(100));
            assertThat(nsPerCall).isLessThan(2_000);
        }
    }

    @Test
    void sustainedEventsPerSecond() {
        for (int batchSize : new int[] {100, 1000}) {
            for (int producers : new int[] {1, 2}) {
                sustained(batchSize, producers, 600_000);
            }
        }
    }

    private static void sustained(int batchSize, int producers, int events) {
        try (StubBackend backend = new StubBackend(false)) {
            FlowproofClient client = FlowproofClient.start(FlowproofSettings.builder().url(backend.url()).apiKey("k")
                    .environment(n -> null).shutdownHook(false).batchSize(batchSize).maxQueueSize(events)
                    .build());
            emit(client, 100_000); // warm-up
            client.flush(Duration.ofSeconds(60));
            long sentBefore = client.stats().sent();

            long start = System.nanoTime();
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                threads[p] = new Thread(() -> emit(client, events / producers));
                threads[p].start();
            }
            for (Thread t : threads) {
                join(t);
            }
            long emitted = System.nanoTime() - start;
            assertThat(client.flush(Duration.ofMinutes(2))).isTrue();
            long took = System.nanoTime() - start;
            long sent = client.stats().sent() - sentBefore;
            System.out.printf("[benchmark] sustained: batch %d, %d producer(s): %,d events delivered in %d ms = %,.0f "
                    + "events/s (producers done after %d ms; %,d batches, dropped %,d)%n", batchSize, producers, sent,
                    took / 1_000_000, sent * 1e9 / took, emitted / 1_000_000, client.stats().batchesSent(),
                    client.stats().droppedQueueFull());
            client.shutdown(Duration.ofSeconds(10));
        }
    }

    private static void emit(FlowproofClient client, int n) {
        for (int i = 0; i < n; i++) {
            client.ensure(Ensure.node("payment_charged").flow("checkout").runId(RUNS[i & 1023]).data(DATA)
                    .depIds("order_placed").validator(VALIDATOR));
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
