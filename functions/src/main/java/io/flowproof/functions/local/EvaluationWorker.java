package io.flowproof.functions.local;

import io.flowproof.domain.evaluation.EvaluatePending;
import io.flowproof.domain.ingest.IngestReceipt;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Auto-evaluation on the local app: after each committed batch, a signal wakes one background loop that
 * drains the durable queue in chunks, two drains side by side. Signals that arrive while it works collapse
 * into one more pass (so a burst of batches costs a few evaluation passes, not one per batch), and a periodic sweep picks
 * up anything left by a crash or another instance. On Lambda, {@code flowproof.evaluation-mode=sync}
 * drains inside the invocation instead.
 */
public final class EvaluationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EvaluationWorker.class);
    private static final int CHUNK = 256;
    /**
     * Two drains in parallel, so one evaluates while the other waits on a round trip (claim, load events and nodes,
     * store outputs). On the 2-core bench machine this changed little (backlog 25k -> 22k runs after a 200k-event
     * ingest): both cores are already busy there, so evaluation drains at the rate CPU is left over. It pays off
     * where round trips dominate (a remote database, more cores). Each drain holds one pool connection.
     */
    static final int DEFAULT_DRAINERS = 2;

    private final EvaluatePending evaluatePending;
    private final Duration sweep;
    private final int drainers;
    private final Sinks.Many<Boolean> signals = Sinks.many().multicast().directBestEffort();
    private volatile Sinks.Empty<Void> stopping = Sinks.empty();
    private volatile Runnable onStopped = () -> { };
    private volatile Disposable loop;

    public EvaluationWorker(EvaluatePending evaluatePending, Duration sweep) {
        this(evaluatePending, sweep, DEFAULT_DRAINERS);
    }

    /** @param drainers how many chunks are claimed and evaluated at the same time (at least 1) */
    public EvaluationWorker(EvaluatePending evaluatePending, Duration sweep, int drainers) {
        if (drainers < 1) {
            throw new IllegalArgumentException("drainers must be at least 1, not " + drainers);
        }
        this.evaluatePending = evaluatePending;
        this.sweep = sweep;
        this.drainers = drainers;
    }

    /** Called after a batch is committed; never fails the request. */
    public Mono<Void> afterIngest(IngestReceipt receipt) {
        signals.tryEmitNext(Boolean.TRUE); // a concurrent emission or a busy loop already covers this batch
        return Mono.empty();
    }

    @Override
    public void start() {
        Sinks.Empty<Void> stop = Sinks.empty(); // one per run: the worker can be stopped and started again
        stopping = stop;
        loop = Flux.merge(Flux.interval(Duration.ZERO, sweep).map(tick -> Boolean.TRUE), signals.asFlux())
                .onBackpressureLatest()
                .takeUntilOther(stop.asMono())
                .concatMap(signal -> pass(), 1)
                .subscribe(null, error -> finished(), this::finished);
    }

    /**
     * One pass: {@code drainers} drains run side by side until the queue is empty. They claim disjoint chunks
     * ({@code FOR UPDATE SKIP LOCKED}), so while one waits for Postgres the other evaluates; a drainer that finds the
     * queue empty costs one claim query.
     */
    private Mono<Integer> pass() {
        return Flux.range(0, drainers)
                .flatMap(i -> evaluatePending.drain(CHUNK)
                        .onErrorResume(error -> {
                            log.warn("Auto-evaluation pass failed; the queue is durable and will be retried: {}", error.toString());
                            return Mono.just(0);
                        }), drainers)
                .reduce(0, Integer::sum);
    }

    /** Stops taking signals and lets a pass that is under way finish (its evaluations are committed). */
    @Override
    public void stop(Runnable callback) {
        if (loop == null) {
            callback.run();
            return;
        }
        onStopped = callback;
        stopping.tryEmitEmpty();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    private void finished() {
        loop = null;
        onStopped.run();
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
