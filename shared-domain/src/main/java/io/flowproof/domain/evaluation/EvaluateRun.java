package io.flowproof.domain.evaluation;

import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.model.Times;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Evaluates one run on demand ({@code POST /v1/run-eval}) and stores the result as a new eval output
 * with no trigger event; a {@code failed} result is then notified (contract: evaluation.md §8). {@link #preview}
 * evaluates without storing or notifying (for pollers that must not add rows).
 */
public final class EvaluateRun {

    private final EventStore events;
    private final NodeStore nodes;
    private final EvalOutputStore outputs;
    private final Evaluator evaluator;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Notifier notifier;

    /** Without notifications. */
    public EvaluateRun(EventStore events, NodeStore nodes, EvalOutputStore outputs, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids) {
        this(events, nodes, outputs, evaluator, clock, ids, Notifications.NONE);
    }

    public EvaluateRun(EventStore events, NodeStore nodes, EvalOutputStore outputs, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids, Notifier notifier) {
        this.notifier = notifier;
        this.events = events;
        this.nodes = nodes;
        this.outputs = outputs;
        this.evaluator = evaluator;
        this.clock = clock;
        this.ids = ids;
    }

    /** Evaluates and stores; errors with {@link EvaluationException} when the run cannot be evaluated. */
    public Mono<EvalResult> evaluate(RunRef run, String startNodeId) {
        return preview(run, startNodeId)
                .flatMap(result -> store(run, result)
                        .then(Notifications.ifFailed(notifier, run, result))
                        .thenReturn(result));
    }

    /** Evaluates without storing anything. */
    public Mono<EvalResult> preview(RunRef run, String startNodeId) {
        return events.runEvents(run).collectList()
                .zipWith(nodes.activeNodes(run.flow()).collectList())
                .map(loaded -> evaluator.evaluate(run, startNodeId, loaded.getT1(), loaded.getT2(), Times.nowNanos(clock)));
    }

    private Mono<StoredEvalOutput> store(RunRef run, EvalResult result) {
        Instant now = clock.instant();
        return outputs.insert(new StoredEvalOutput(ids.get().toString(), run.flow(), run.runId(), null, result, now, null, null));
    }
}
