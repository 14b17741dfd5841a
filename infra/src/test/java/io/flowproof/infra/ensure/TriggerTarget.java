package io.flowproof.infra.ensure;

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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that trigger tests call. It counts requests per path and per
 * {@code Idempotency-Key}, remembers their bodies and headers, and answers with what {@link Responder} says.
 */
public final class TriggerTarget implements AutoCloseable {

    /** What to answer to the {@code n}-th request (1-based) with one idempotency key on one path. */
    @FunctionalInterface
    public interface Responder {
        Reply reply(String path, String key, int n, String body);
    }

    public record Reply(int status, String body, long delayMs) {
        public static Reply json(String body) {
            return new Reply(200, body, 0);
        }
    }

    public record Received(String method, String path, String key, Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Responder responder = (path, key, n, body) -> Reply.json("{\"id\":\"" + key + "\"}");

    public TriggerTarget() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public TriggerTarget respond(Responder newResponder) {
        responder = newResponder;
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests received on {@code path} with idempotency key {@code key}. */
    public int count(String path, String key) {
        AtomicInteger n = perKey.get(path + " " + key);
        return n == null ? 0 : n.get();
    }

    public int count(String path) {
        return (int) received.stream().filter(r -> r.path().equals(path)).count();
    }

    public List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), path, key, Map.copyOf(exchange.getRequestHeaders()), body));
        int n = perKey.computeIfAbsent(path + " " + key, k -> new AtomicInteger()).incrementAndGet();
        Reply reply = responder.reply(path, key, n, body);
        try {
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller went away (a "killed" poller): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
