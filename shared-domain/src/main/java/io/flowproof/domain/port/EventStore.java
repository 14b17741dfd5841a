package io.flowproof.domain.port;

import io.flowproof.domain.ingest.IngestCommit;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.RunRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Durable, append-only event storage. */
public interface EventStore {

    /** Commits a batch (events, node upserts, evaluation requests) in one transaction. */
    Mono<Void> append(IngestCommit commit);

    /** A run's events, by ts ascending (ties in arrival order). */
    Flux<Event> runEvents(RunRef run);

    /** Several runs' events at once, each list by ts ascending (ties in arrival order). */
    Mono<Map<RunRef, List<Event>>> runsEvents(Collection<RunRef> runs);

    /** Events newest first (by ts, then arrival), optionally of one flow and/or node. */
    Flux<Event> list(String flow, String nodeId, int limit, int offset);
}
