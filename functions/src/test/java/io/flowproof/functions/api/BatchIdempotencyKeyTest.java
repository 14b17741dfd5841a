package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** {@code POST /v1/events-batch} with an {@code Idempotency-Key}: stored once, replayed, refused for another body. */
class BatchIdempotencyKeyTest extends ApiTestSupport {

    private static String batch(String flow, String run, int events) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < events; i++) {
            json.append(i == 0 ? "" : ",").append("{\"flow\":\"").append(flow).append("\",\"id\":\"n").append(i)
                    .append("\",\"run_id\":\"").append(run).append("\",\"type\":\"act\",\"data\":{\"i\":").append(i)
                    .append("},\"ts\":").append(1000 + i).append('}');
        }
        return json.append(']').toString();
    }

    private EntityExchangeResult<String> post(String key, String body) {
        return api().post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (key != null) {
                        h.set("Idempotency-Key", key);
                    }
                })
                .bodyValue(body).exchange().expectBody(String.class).returnResult();
    }

    private int stored(String flow) {
        String body = api().get().uri("/v1/events?flow=" + flow + "&limit=10000").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return ((List<?>) WireJson.read(body)).size();
    }

    @Test
    void storesABatchOnceAndReplaysTheFirstAnswerByteForByte() {
        String body = batch("keyed", "r1", 3);

        EntityExchangeResult<String> first = post("batch-1", body);
        EntityExchangeResult<String> again = post("batch-1", body);

        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(again.getStatus().value()).isEqualTo(200);
        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(again.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(stored("keyed")).isEqualTo(3);
    }

    @Test
    void refusesTheSameKeyWithAnotherBodyWith422NamingTheHeader() {
        assertThat(post("batch-2", batch("reuse", "r1", 2)).getStatus().value()).isEqualTo(200);

        EntityExchangeResult<String> other = post("batch-2", batch("reuse", "r2", 2));

        assertThat(other.getStatus().value()).isEqualTo(422);
        assertThat(other.getResponseBody()).contains("\"loc\":[\"header\",\"Idempotency-Key\"]").contains("different request body");
        assertThat(stored("reuse")).isEqualTo(2);
    }

    @Test
    void anInvalidBatchLeavesItsKeyFree() {
        assertThat(post("batch-3", "[{\"flow\":\"fixed\"}]").getStatus().value()).isEqualTo(422);

        assertThat(post("batch-3", batch("fixed", "r1", 1)).getStatus().value()).isEqualTo(200);
        assertThat(stored("fixed")).isEqualTo(1);
    }

    @Test
    void refusesEmptyOverlongAndNonAsciiKeysWith422() {
        assertThat(post("", batch("bad_keys", "r1", 1)).getStatus().value()).isEqualTo(422);
        assertThat(post("x".repeat(256), batch("bad_keys", "r1", 1)).getStatus().value()).isEqualTo(422);
        assertThat(post("k\u00e9", batch("bad_keys", "r1", 1)).getStatus().value()).isEqualTo(422);
        assertThat(stored("bad_keys")).isZero();
    }

    @Test
    void concurrentRequestsWithOneKeyStoreTheBatchOnce() {
        String body = batch("racing", "r1", 50);

        List<Integer> statuses = Flux.fromStream(IntStream.range(0, 8).boxed())
                .parallel(8).runOn(Schedulers.boundedElastic())
                .map(i -> post("batch-race", body).getStatus().value())
                .sequential().collectList().block(Duration.ofSeconds(60));

        assertThat(statuses).hasSize(8).containsOnly(200);
        assertThat(stored("racing")).isEqualTo(50);
    }

    @Test
    void batchesWithoutAKeyAreStoredEachTime() {
        String body = batch("unkeyed", "r1", 1);
        post(null, body);
        post(null, body);

        assertThat(stored("unkeyed")).isEqualTo(2);
    }
}
