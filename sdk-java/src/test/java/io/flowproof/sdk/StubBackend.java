package io.flowproof.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scriptable backend on 127.0.0.1 for fault tests: answers {@code /v1/status} and {@code /v1/events-batch} with
 * whatever status, delay or silence the test asks for, and records every batch it receives.
 */
final class StubBackend implements AutoCloseable {

    /** What one events-batch request gets: a status after a delay; a negative status never answers. */
    record Reply(int status, Duration delay) {
        static Reply status(int status) {
            return new Reply(status, Duration.ZERO);
        }

        static Reply slow(int status, Duration delay) {
            return new Reply(status, delay);
        }

        static Reply hang() {
            return new Reply(-1, Duration.ZERO);
        }
    }

    record Received(long atNanos, String body, Headers headers) {
    }

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms
        // to every response and the stub, not the SDK, becomes the bottleneck.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-backend");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Received> batches = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Received> statusRequests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger batchRequests = new AtomicInteger();
    private volatile int statusCode = 200;
    private volatile Reply statusReply;
    private volatile IntFunction<Reply> batchReply = n -> Reply.status(200);
    private final boolean recordBodies;

    StubBackend() {
        this(true);
    }

    StubBackend(boolean recordBodies) {
        this.recordBodies = recordBodies;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/v1/status", this::status);
        server.createContext("/v1/events-batch", this::batch);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Status code of {@code GET /v1/status} (default 200). */
    StubBackend statusAnswers(int code) {
        this.statusCode = code;
        return this;
    }

    StubBackend statusHangs() {
        this.statusReply = Reply.hang();
        return this;
    }

    /** Reply for the n-th (0-based) events-batch request. */
    StubBackend batchesAnswer(IntFunction<Reply> reply) {
        this.batchReply = reply;
        return this;
    }

    /** Lets every hanging request finish (with 200). */
    void release() {
        release.countDown();
    }

    List<Received> batches() {
        return new ArrayList<>(batches);
    }

    int batchRequests() {
        return batchRequests.get();
    }

    int statusRequests() {
        return statusRequests.size();
    }

    /** Waits until at least {@code n} batch requests arrived (answered or not). */
    boolean awaitBatchRequests(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (batchRequests.get() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private void status(HttpExchange exchange) throws IOException {
        statusRequests.add(new Received(System.nanoTime(), "", exchange.getRequestHeaders()));
        Reply reply = statusReply;
        if (reply != null && reply.status() < 0) {
            awaitRelease();
        }
        respond(exchange, statusCode, "{\"status\":\"success\",\"message\":\"ok\"}");
    }

    private void batch(HttpExchange exchange) throws IOException {
        int n = batchRequests.getAndIncrement();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = recordBodies ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : drain(in);
        }
        Reply reply = batchReply.apply(n);
        if (reply.status() < 0) {
            awaitRelease();
            reply = Reply.status(200);
        } else if (!reply.delay().isZero()) {
            sleep(reply.delay());
        }
        if (reply.status() >= 200 && reply.status() < 300 && recordBodies) {
            batches.add(new Received(System.nanoTime(), body, exchange.getRequestHeaders()));
        }
        respond(exchange, reply.status(), reply.status() < 300 ? "{\"status\":\"success\",\"message\":\"Ok\"}"
                : "{\"detail\":\"stub says " + reply.status() + "\"}");
    }

    /** Bodies of rejected attempts are recorded too, for retry tests. */
    private static String drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (in.read(buffer) >= 0) {
            // discard
        }
        return "";
    }

    private void awaitRelease() {
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A port on 127.0.0.1 nobody listens on. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
