package io.flowproof.functions.local;

import io.flowproof.domain.ensure.PollEnsures;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The local app's stand-in for the EventBridge schedule: calls the same {@code poll} use case every
 * {@code FLOWPROOF_POLL_INTERVAL_MS}. A tick that is still running when the next one is due is not doubled
 * (ticks are dropped, not queued). Other processes may poll the same database at the same time.
 */
public final class EnsureTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EnsureTicker.class);

    private final PollEnsures poll;
    private final Duration interval;
    private volatile Disposable loop;

    public EnsureTicker(PollEnsures poll, Duration interval) {
        this.poll = poll;
        this.interval = interval;
    }

    @Override
    public void start() {
        loop = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> poll.poll()
                        .doOnNext(summary -> {
                            if (summary.claimed() > 0 || summary.schedulesFired() > 0) {
                                log.debug("Ensure poll: {}", summary);
                            }
                        })
                        .onErrorResume(error -> {
                            log.warn("Ensure poll failed; runs stay due and are retried on the next tick: {}", error.toString());
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
