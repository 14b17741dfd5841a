package io.flowproof.domain.port;

import io.flowproof.domain.ingest.BatchKey;
import io.flowproof.domain.ingest.IngestCommit;
import io.flowproof.domain.ingest.KeyedAppend;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.RunRef;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Durable, append-only event storage. */
public interface EventStore {

    /** Commits a batch (events, node upserts, evaluation requests) in one transaction. */
    Mono<Void> append(IngestCommit commit);

    /**
     * Commits a batch and records {@code key} in the same transaction, unless the key is already recorded: then
     * nothing is written and the first append is reported ({@code replayed}), or, when the key came with another
     * fingerprint, fails with {@link io.flowproof.domain.DomainException.Invalid} at {@link BatchKey#LOCATION}.
     * Concurrent appends with one key store the batch once.
     */
    default Mono<KeyedAppend> appendOnce(BatchKey key, IngestCommit commit) {
        return Mono.error(new UnsupportedOperationException(getClass().getSimpleName() + " does not keep idempotency keys"));
    }

    /** Forgets idempotency keys recorded before {@code acceptedBefore}; how many were forgotten. */
    default Mono<Long> forgetBatchKeys(Instant acceptedBefore) {
        return Mono.just(0L);
    }

    /** A run's events, by ts ascending (ties in arrival order). */
    Flux<Event> runEvents(RunRef run);

    /** Several runs' events at once, each list by ts ascending (ties in arrival order). */
    Mono<Map<RunRef, List<Event>>> runsEvents(Collection<RunRef> runs);

    /** Events newest first (by ts, then arrival), optionally of one flow and/or node. */
    Flux<Event> list(String flow, String nodeId, int limit, int offset);
}
