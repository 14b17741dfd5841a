package io.flowproof.domain.ingest;

import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import java.time.Instant;
import java.util.List;

/**
 * What one accepted batch writes, atomically: its events, the code-sourced node definitions it upserts
 * (the store never overwrites {@code manual} nodes), and the evaluations it asks for (one per touched
 * run, with the run's first event of the batch as trigger). {@code acceptedAt} is when the batch was
 * accepted (recorded with its idempotency key, if it has one); may be null for internal writes.
 */
public record IngestCommit(List<Event> events, List<NodeDefinition> nodeUpserts, List<PendingEvaluation> evaluations,
        Instant acceptedAt) {

    public IngestCommit(List<Event> events, List<NodeDefinition> nodeUpserts, List<PendingEvaluation> evaluations) {
        this(events, nodeUpserts, evaluations, null);
    }
}
