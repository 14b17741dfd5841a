package io.flowproof.functions.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class RandomIdsTest {

    private final RandomIds ids = new RandomIds();

    @Test
    void makesDistinctVersion4Uuids() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = ids.get();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void neverBlocksOnANonBlockingThread() {
        // BlockHound (installed in this module's tests) fails any file read here, as UUID.randomUUID() does
        StepVerifier.create(Flux.range(0, 1_000).map(i -> ids.get()).subscribeOn(Schedulers.parallel()).collectList())
                .assertNext(list -> assertThat(new HashSet<>(list)).hasSize(1_000))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
