package io.flowproof.functions.reliability;

import io.flowproof.functions.it.ApiClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Client threads that repeat one kind of request until stopped, recording every attempt: kind, status (-1 when no
 * answer came), {@code Retry-After}, whether the body was a JSON error ({@code {"detail":...}}) and timing in
 * {@link System#nanoTime()}.
 */
final class Traffic implements AutoCloseable {

    /** One request and its outcome. */
    record Call(String kind, int status, String retryAfter, boolean jsonDetail, long startedNanos, long answeredNanos,
            String error) {
        long latencyMillis() {
            return (answeredNanos - startedNanos) / 1_000_000;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** What a client thread does once; returns the recorded call. */
    interface Request {
        Call call() throws InterruptedException;
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<ExecutorService> pools = new ArrayList<>();

    /** Starts {@code threads} threads repeating {@code request}, pausing {@code pause} between calls. */
    void run(int threads, Duration pause, Request request) {
        run(threads, pause, thread -> request);
    }

    /** Starts {@code threads} threads, thread {@code t} repeating {@code perThread.apply(t)}. */
    void run(int threads, Duration pause, IntFunction<Request> perThread) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        for (int t = 0; t < threads; t++) {
            Request request = perThread.apply(t);
            pool.submit(() -> {
                while (!stop.get()) {
                    calls.add(request.call());
                    if (!pause.isZero()) {
                        Thread.sleep(pause.toMillis());
                    }
                }
                return null;
            });
        }
    }

    /** Waits until {@code count} recorded calls match {@code which}; fails after {@code within}. */
    void await(Predicate<Call> which, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (calls(which).size() < count) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("fewer than " + count + " matching calls within " + within + " (" + calls.size()
                        + " calls in all)");
            }
            Thread.sleep(50);
        }
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(Predicate<Call> which) {
        return calls.stream().filter(which).toList();
    }

    /** A recorded {@code method path} with this client's key (an HTTP timeout of {@code timeout}). */
    static Call send(String kind, ApiClient api, String method, String path, String body, Map<String, String> headers,
            Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = api.send(method, path, body, headers, timeout);
            String text = response.body();
            boolean json = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                    && text.startsWith("{\"detail\"");
            return new Call(kind, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), json,
                    started, System.nanoTime(), null);
        } catch (IOException e) {
            return new Call(kind, -1, null, false, started, System.nanoTime(), e.toString());
        }
    }

    @Override
    public void close() {
        stop.set(true);
        for (ExecutorService pool : pools) {
            pool.shutdown();
        }
        try {
            for (ExecutorService pool : pools) {
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                    throw new AssertionError("client threads did not stop within 60 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
