package io.flowproof.functions.local;

import io.flowproof.domain.port.EventStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Deletes events-batch idempotency keys older than the retention, every {@code interval} (the first time one
 * interval after start). A pass that fails (database down) is logged and retried at the next interval; keys
 * are only ever kept longer than promised, never shorter.
 */
public final class BatchKeyCleaner extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(BatchKeyCleaner.class);

    private final EventStore events;
    private final Clock clock;
    private final Duration retention;

    public BatchKeyCleaner(EventStore events, Clock clock, Duration retention, Duration interval) {
        super(interval);
        this.events = events;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    Mono<?> runOnce() {
        return events.forgetBatchKeys(clock.instant().minus(retention)).doOnNext(forgotten -> {
            if (forgotten > 0) {
                log.debug("Forgot {} idempotency keys older than {}", forgotten, retention);
            }
        });
    }

    @Override
    void failed(Throwable error) {
        log.warn("Deleting expired idempotency keys failed; retried in {}: {}", interval(), error.toString());
    }
}
