package io.flowproof.functions.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Proves the check is live in this module's test JVMs: a planted blocking call on a parallel thread fails. */
class BlockHoundInstalledTest {

    @Test
    void sleepingOnANonBlockingThreadFails() {
        Mono<Void> blocking = Mono.<Void>fromRunnable(() -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).subscribeOn(Schedulers.parallel());

        StepVerifier.create(blocking)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(BlockingOperationError.class)
                        .hasMessageContaining("Thread.sleep"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void sleepingOnBoundedElasticIsAllowed() {
        Mono<String> offloaded = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "done";
        }).subscribeOn(Schedulers.boundedElastic());

        StepVerifier.create(offloaded).expectNext("done").verifyComplete();
    }
}
