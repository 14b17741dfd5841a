package io.flowproof.functions.it;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sends a fixed list of batches from a number of client threads, each taking the next unsent batch. */
public final class Load {

    /**
     * What happened to one batch: its HTTP status (or -1 and the error when no answer came), its latency and
     * when the answer came (wall clock, comparable with the app's {@code created_at} on this machine).
     */
    public record Outcome(int batch, int status, long latencyNanos, Instant answeredAt, Exception error) {
        public boolean accepted() {
            return status == 200;
        }
    }

    private Load() {
    }

    /** Sends every body once; the outcomes in batch order. Fails if the clients are not done {@code within}. */
    public static List<Outcome> send(ApiClient api, List<String> bodies, int clients, Duration within) {
        Outcome[] outcomes = new Outcome[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        outcomes[i] = sendOne(api, i, bodies.get(i));
                    }
                    return null;
                }));
            }
            pool.shutdown();
            if (!pool.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The clients did not send " + bodies.size() + " batches within " + within);
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("A client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.of(outcomes);
    }

    public static Outcome sendOne(ApiClient api, int index, String body) throws InterruptedException {
        long started = System.nanoTime();
        try {
            int status = api.postBatch(body);
            return new Outcome(index, status, System.nanoTime() - started, Instant.now(), null);
        } catch (IOException e) {
            return new Outcome(index, -1, System.nanoTime() - started, Instant.now(), e);
        }
    }
}
