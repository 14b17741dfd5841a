package io.flowproof.functions.telemetry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny local "shop" for ensure runs: {@code POST /orders} answers {@code {"id":"o-N"}}. */
final class SampleEnsure implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger orders = new AtomicInteger();

    SampleEnsure() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/orders", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"id\":\"o-" + orders.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** {@code POST /v1/nodes} body: a trigger node of {@code flow} that calls this shop. */
    String triggerNode(String flow) {
        return """
                {"flow":"%s","id":"create_order","type":"trigger","handler":"http_request",
                 "handler_input":{"params":{"url":"http://127.0.0.1:%d/orders","method":"POST","body":"{}",
                   "run_id_extractor":{"engine":"python","script":"output['id']"}}}}
                """.formatted(flow, server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
