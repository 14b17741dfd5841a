package io.flowproof.domain.port;

import io.flowproof.domain.ingest.PendingEvaluation;
import io.flowproof.domain.model.StoredEvalOutput;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The durable queue of runs to evaluate after ingest. Requests are written in the ingest transaction,
 * so an acknowledged batch is always evaluated, even after a crash. Workers lease what they claim.
 */
public interface EvaluationQueue {

    /** Claims up to {@code limit} due requests, oldest first, leasing them until {@code leaseUntil}. */
    Mono<List<PendingEvaluation>> claim(int limit, Instant now, Instant leaseUntil);

    /**
     * In one transaction: stores the outputs and removes the requests that were not touched again since
     * they were claimed; the others are released for another evaluation.
     */
    Mono<Void> complete(List<PendingEvaluation> claimed, List<StoredEvalOutput> outputs);

    /** How many requests wait (for health and metrics). */
    Mono<Long> size();
}
