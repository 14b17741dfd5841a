package io.flowproof.domain.ensure;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.port.EnsureRunStore;
import io.flowproof.domain.port.Telemetry;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * Cancels an unfinished ensure run for good: one conditional update moves it to {@code cancelled} and drops any
 * lease, so a poller working on it at that moment cannot write its result afterwards, and no poller claims it
 * again. A trigger already in flight is not interrupted; its outcome is discarded.
 */
public final class CancelEnsure {

    private final EnsureRunStore store;
    private final Clock clock;
    private final Telemetry telemetry;

    public CancelEnsure(EnsureRunStore store, Clock clock) {
        this(store, clock, Telemetry.NONE);
    }

    /** @param telemetry told every cancelled run */
    public CancelEnsure(EnsureRunStore store, Clock clock, Telemetry telemetry) {
        this.store = store;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /** The cancelled run; 404 when unknown, 409 when it already finished. */
    public Mono<EnsureRun> cancel(String id) {
        return store.cancel(id, clock.instant())
                .doOnNext(cancelled -> telemetry.ensureMoved(cancelled, null))
                .switchIfEmpty(Mono.defer(() -> store.find(id)
                        .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Ensure run not found: " + id)))
                        .flatMap(run -> Mono.error(new DomainException.Conflict("Ensure run " + id + " already finished: "
                                + run.state().wireName())))));
    }
}
