package io.flowproof.functions.local;

import io.flowproof.domain.port.EventStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes events-batch idempotency keys older than the retention, every {@code interval} (the first time one
 * interval after start). A pass that fails (database down) is logged and retried at the next interval; keys
 * are only ever kept longer than promised, never shorter.
 */
public final class BatchKeyCleaner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchKeyCleaner.class);

    private final EventStore events;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private volatile Disposable loop;

    public BatchKeyCleaner(EventStore events, Clock clock, Duration retention, Duration interval) {
        this.events = events;
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
    }

    @Override
    public void start() {
        loop = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> events.forgetBatchKeys(clock.instant().minus(retention))
                        .doOnNext(forgotten -> {
                            if (forgotten > 0) {
                                log.debug("Forgot {} idempotency keys older than {}", forgotten, retention);
                            }
                        })
                        .onErrorResume(error -> {
                            log.warn("Deleting expired idempotency keys failed; retried in {}: {}", interval, error.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
