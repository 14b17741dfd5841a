package io.flowproof.domain.port;

import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.model.StoredEvalOutput;
import java.time.Instant;
import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Stored evaluations, newest first. */
public interface EvalOutputStore {

    Mono<StoredEvalOutput> insert(StoredEvalOutput output);

    /** Newest first; {@code flows} empty means every flow; {@code triggerEvId} null means any. */
    Flux<StoredEvalOutput> list(Collection<String> flows, String triggerEvId, int limit, int offset);

    /** Rows created since {@code since} whose evaluation status is one of {@code statuses}, newest first. */
    Flux<StoredEvalOutput> createdSinceWithStatus(Instant since, Collection<String> statuses);

    /** Replaces a row's output in place. */
    Mono<Void> update(String id, EvalResult output, Instant updatedAt);

    /** The most recent row of a run, if any. */
    Mono<StoredEvalOutput> latest(String runId, String flow);

    /** For tests and the read-model: all rows of one run, newest first. */
    Flux<StoredEvalOutput> ofRun(String runId, String flow);
}
