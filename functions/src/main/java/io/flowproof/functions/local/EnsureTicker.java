package io.flowproof.functions.local;

import io.flowproof.domain.ensure.PollEnsures;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The local app's stand-in for the EventBridge schedule: calls the same {@code poll} use case every
 * {@code FLOWPROOF_POLL_INTERVAL_MS}. A tick that is still running when the next one is due is not doubled
 * (ticks are dropped, not queued). Other processes may poll the same database at the same time.
 */
public final class EnsureTicker extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(EnsureTicker.class);

    private final PollEnsures poll;

    public EnsureTicker(PollEnsures poll, Duration interval) {
        super(interval);
        this.poll = poll;
    }

    @Override
    Mono<?> runOnce() {
        return poll.poll().doOnNext(summary -> {
            if (summary.claimed() > 0 || summary.schedulesFired() > 0) {
                log.debug("Ensure poll: {}", summary);
            }
        });
    }

    @Override
    void failed(Throwable error) {
        log.warn("Ensure poll failed; runs stay due and are retried on the next tick: {}", error.toString());
    }
}
