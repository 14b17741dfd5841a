package io.flowproof.functions.reliability;

import io.flowproof.functions.it.ApiClient;
import io.flowproof.functions.it.Batches;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One events batch with its idempotency key, as a careful client keeps it until it is acknowledged: run
 * {@code c<client>-b<seq>} with {@link Batches#NODES} × {@code perNode} events whose data names client, seq and
 * index, so every stored event can be traced back to its batch.
 */
record KeyedBatch(int client, int seq, String flow, String key, String body, int events) {

    static KeyedBatch of(String flow, int client, int seq, int perNode, long tsBase) {
        String run = run(client, seq);
        return new KeyedBatch(client, seq, flow, flow + "-" + run,
                Batches.clientRun(flow, run, client, seq, perNode, tsBase + seq * 1_000L), Batches.NODES * perNode);
    }

    static String run(int client, int seq) {
        return "c" + client + "-b" + seq;
    }

    String run() {
        return run(client, seq);
    }

    /** Sends it with its key; status -1 when no answer came. */
    Sent send(ApiClient api, Duration timeout) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = api.send("POST", "/v1/events-batch", body, Map.of("Idempotency-Key", key), timeout);
            return new Sent(response.statusCode(), response.headers().firstValue("Idempotent-Replayed").isPresent(),
                    response.headers().firstValue("Retry-After").orElse(null), response.body(), started, System.nanoTime());
        } catch (IOException e) {
            return new Sent(-1, false, null, e.toString(), started, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(-1, false, null, e.toString(), started, System.nanoTime());
        }
    }

    /** What one attempt got: status (-1: no answer), whether it was a replay, Retry-After, body and timing. */
    record Sent(int status, boolean replayed, String retryAfter, String body, long startedNanos, long answeredNanos) {
        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        long latencyMillis() {
            return (answeredNanos - startedNanos) / 1_000_000;
        }
    }

    /** {@code node/client/seq/i} of each expected event, sorted. */
    List<String> expectedKeys() {
        List<String> keys = new ArrayList<>();
        int perNode = events / Batches.NODES;
        for (int i = 0; i < events; i++) {
            keys.add("n" + (i / perNode + 1) + "/" + client + "/" + seq + "/" + i);
        }
        keys.sort(null);
        return keys;
    }

    /** The same {@code node/client/seq/i} keys of stored events (as {@code GET /v1/events} returns them), sorted. */
    static List<String> storedKeys(List<Map<String, Object>> events) {
        return events.stream()
                .map(event -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = (Map<String, Object>) event.get("data");
                    return event.get("node_id") + "/" + data.get("client") + "/" + data.get("seq") + "/" + data.get("i");
                })
                .sorted()
                .toList();
    }
}
