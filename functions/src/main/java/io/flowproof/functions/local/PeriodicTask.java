package io.flowproof.functions.local;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A local background job that runs {@link #runOnce()} every {@code interval} (the first time one interval after
 * start). A pass still running when the next is due is not doubled (ticks are dropped, not queued); a failed pass
 * is handed to {@link #failed} and the loop goes on. Restartable: Spring may stop and start it again (tests pause
 * contexts).
 */
abstract class PeriodicTask implements SmartLifecycle {

    private final Duration interval;
    private volatile Disposable loop;

    PeriodicTask(Duration interval) {
        this.interval = interval;
    }

    Duration interval() {
        return interval;
    }

    /** One pass; its errors go to {@link #failed}. */
    abstract Mono<?> runOnce();

    /** Logs a failed pass (the next one is due one interval later). */
    abstract void failed(Throwable error);

    @Override
    public void start() {
        loop = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> runOnce().onErrorResume(error -> {
                    failed(error);
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
