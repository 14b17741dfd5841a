package io.flowproof.domain.ingest;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.domain.port.Telemetry.BatchRefusal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Stores a validated events batch in one transaction: the events, the node definitions the SDK sent
 * with them (source {@code code}; the last item of a node wins; {@code manual} nodes are left alone by
 * the store), and one evaluation request per touched (run, flow). The 2xx follows the commit.
 */
public final class IngestEvents {

    private final EventStore events;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Telemetry telemetry;

    public IngestEvents(EventStore events, Clock clock, Supplier<UUID> ids) {
        this(events, clock, ids, Telemetry.NONE);
    }

    /** @param telemetry told once per committed or failed batch (never per event) */
    public IngestEvents(EventStore events, Clock clock, Supplier<UUID> ids, Telemetry telemetry) {
        this.events = events;
        this.clock = clock;
        this.ids = ids;
        this.telemetry = telemetry;
    }

    public Mono<IngestReceipt> ingest(List<IngestItem> batch) {
        return ingest(batch, null);
    }

    /**
     * Stores {@code batch}; with a {@code key}, at most once: the key is recorded in the batch's own transaction,
     * so a batch is either stored with its key or not at all, and a repeated key replays the first receipt
     * (nothing written, no evaluation requested) or, for another body, fails with {@link
     * io.flowproof.domain.DomainException.Invalid} naming the header.
     */
    public Mono<IngestReceipt> ingest(List<IngestItem> batch, BatchKey key) {
        return store(batch, key)
                .doOnSuccess(receipt -> {
                    if (receipt != null && !receipt.replayed() && receipt.accepted() > 0) { // an empty batch reports nothing
                        telemetry.batchAccepted(receipt.accepted());
                    }
                })
                .doOnError(error -> telemetry.batchRefused(error instanceof DomainException.Unavailable
                        ? BatchRefusal.UNAVAILABLE : BatchRefusal.ERROR));
    }

    private Mono<IngestReceipt> store(List<IngestItem> batch, BatchKey key) {
        if (key == null) {
            if (batch.isEmpty()) {
                return Mono.fromSupplier(() -> new IngestReceipt(0, List.of(), now(), false));
            }
            return Mono.fromSupplier(() -> commitOf(batch, now()))
                    .flatMap(commit -> events.append(commit)
                            .thenReturn(new IngestReceipt(commit.events().size(), runs(commit), commit.acceptedAt(), false)));
        }
        return Mono.fromSupplier(() -> commitOf(batch, now()))
                .flatMap(commit -> events.appendOnce(key, commit)
                        .map(stored -> stored.replayed()
                                ? new IngestReceipt(stored.accepted(), List.of(), stored.acceptedAt(), true)
                                : new IngestReceipt(commit.events().size(), runs(commit), commit.acceptedAt(), false)));
    }

    /** Microseconds, as Postgres keeps them: a replayed receipt shows exactly the first one's time. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private IngestCommit commitOf(List<IngestItem> batch, Instant now) {
        List<Event> stored = new ArrayList<>(batch.size());
        Map<NodeKey, NodeDefinition> nodes = new LinkedHashMap<>();
        Map<RunRef, PendingEvaluation> evaluations = new LinkedHashMap<>();
        for (IngestItem item : batch) {
            Event event = new Event(ids.get().toString(), item.flow(), item.nodeId(), item.runId(), item.type(), item.data(), item.ts());
            stored.add(event);
            NodeDefinition node = nodeOf(item, now);
            nodes.remove(node.key()); // the last item of a node wins, and takes its place in the order
            nodes.put(node.key(), node);
            evaluations.putIfAbsent(new RunRef(item.runId(), item.flow()), new PendingEvaluation(new RunRef(item.runId(), item.flow()), event.id(), 0));
        }
        return new IngestCommit(stored, List.copyOf(nodes.values()), List.copyOf(evaluations.values()), now);
    }

    private static NodeDefinition nodeOf(IngestItem item, Instant now) {
        return new NodeDefinition(item.flow(), item.nodeId(), item.type(), NodeSource.CODE, item.description(),
                item.depIds(), item.filter(), item.validator(), item.conditions(), null, null, item.additionalMeta(),
                now, now, null);
    }

    private static List<RunRef> runs(IngestCommit commit) {
        List<RunRef> runs = new ArrayList<>(commit.evaluations().size());
        for (PendingEvaluation evaluation : commit.evaluations()) {
            runs.add(evaluation.run());
        }
        return runs;
    }
}
