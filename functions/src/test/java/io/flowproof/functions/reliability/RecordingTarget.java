package io.flowproof.functions.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The system an ensure run's HTTP trigger calls, on 127.0.0.1: an <b>idempotent receiver</b>. It records every
 * request (path, {@code Idempotency-Key}, when it arrived, whether its answer was written completely), performs the
 * "side effect" once per key (the first request with a key; later ones get the same answer) and answers
 * {@code {"run_id":"r-<ensure run id>"}}, the ensure run id being the part of the key before {@code ':'}. Answers are
 * delayed by {@link #delayMillis}, so runs can be caught mid-step.
 */
final class RecordingTarget implements AutoCloseable {

    /** One request: path, key, arrival and answer times ({@link System#nanoTime()}), answer written completely. */
    record Request(String path, String key, long receivedNanos, long answeredNanos, boolean answered) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> sideEffects = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
    volatile long delayMillis;

    RecordingTarget(long delayMillis) {
        this.delayMillis = delayMillis;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests that arrived so far, answered or not. */
    int arrived() {
        return arrived.get();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Keys whose side effect was performed (once each, by construction of an idempotent receiver). */
    int sideEffects() {
        return sideEffects.size();
    }

    /** Requests per key on {@code path}. */
    Map<String, Long> perKey(String path) {
        return requests(path).stream().collect(Collectors.groupingBy(Request::key, Collectors.counting()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        arrived.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        exchange.getRequestBody().readAllBytes();
        String runId = "r-" + (key.contains(":") ? key.substring(0, key.indexOf(':')) : key);
        String answer = sideEffects.computeIfAbsent(key, k -> "{\"run_id\":\"" + runId + "\"}");
        boolean answered = false;
        try {
            long delay = delayMillis;
            if (delay > 0) {
                Thread.sleep(delay);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.getResponseBody().flush();
            answered = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller is gone (the app was killed): the answer was not delivered
        } finally {
            requests.add(new Request(path, key, received, System.nanoTime(), answered));
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
