package io.flowproof.domain.evaluation;

import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.model.Times;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.domain.port.Telemetry.EvaluationMode;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Telemetry telemetry;

    /** Without notifications. */
    public EvaluateRun(EventStore events, NodeStore nodes, EvalOutputStore outputs, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids) {
        this(events, nodes, outputs, evaluator, clock, ids, Notifications.NONE);
    }

    public EvaluateRun(EventStore events, NodeStore nodes, EvalOutputStore outputs, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids, Notifier notifier) {
        this(events, nodes, outputs, evaluator, clock, ids, notifier, Telemetry.NONE);
    }

    /** @param telemetry told every evaluation's status and duration, and every run that could not be evaluated */
    public EvaluateRun(EventStore events, NodeStore nodes, EvalOutputStore outputs, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids, Notifier notifier, Telemetry telemetry) {
        this.telemetry = telemetry;
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
        return preview(run, startNodeId, EvaluationMode.ON_DEMAND)
                .flatMap(result -> store(run, result)
                        .then(Notifications.ifFailed(notifier, run, result))
                        .thenReturn(result));
    }

    /** Evaluates without storing anything (on demand). */
    public Mono<EvalResult> preview(RunRef run, String startNodeId) {
        return preview(run, startNodeId, EvaluationMode.ON_DEMAND);
    }

    /** Evaluates without storing anything, reported to telemetry as {@code mode}. */
    public Mono<EvalResult> preview(RunRef run, String startNodeId, EvaluationMode mode) {
        return events.runEvents(run).collectList()
                .zipWith(nodes.activeNodes(run.flow()).collectList())
                .map(loaded -> evaluate(evaluator, telemetry, mode, run, startNodeId, loaded.getT1(), loaded.getT2(), Times.nowNanos(clock)));
    }

    /** The evaluator, with the outcome reported to telemetry (shared with {@link EvaluatePending}). */
    static EvalResult evaluate(Evaluator evaluator, Telemetry telemetry, EvaluationMode mode, RunRef run, String startNodeId,
            List<Event> events, List<NodeDefinition> nodes, long nowNs) {
        try {
            EvalResult result = evaluator.evaluate(run, startNodeId, events, nodes, nowNs);
            telemetry.runEvaluated(mode, run, result.status(), result.elapsedNs());
            return result;
        } catch (EvaluationException e) {
            telemetry.runNotEvaluated(mode, run, e.reason());
            throw e;
        }
    }

    /** One run's evaluation, or why it could not be evaluated. */
    public record Preview(EvalResult result, EvaluationException error) {}

    /**
     * Evaluates several runs without storing anything: one query for all their events, one for their flows'
     * nodes (what pollers use to re-evaluate thousands of waiting ensure runs per tick).
     */
    public Mono<Map<RunRef, Preview>> previewAll(Collection<RunRef> runs) {
        if (runs.isEmpty()) {
            return Mono.just(Map.of());
        }
        Set<String> flows = new LinkedHashSet<>();
        runs.forEach(run -> flows.add(run.flow()));
        return events.runsEvents(runs)
                .zipWith(nodes.activeNodes(flows))
                .map(loaded -> {
                    long nowNs = Times.nowNanos(clock);
                    Map<RunRef, Preview> previews = new LinkedHashMap<>();
                    for (RunRef run : runs) {
                        try {
                            previews.put(run, new Preview(evaluate(evaluator, telemetry, EvaluationMode.ENSURE, run, null,
                                    loaded.getT1().getOrDefault(run, List.of()), loaded.getT2().getOrDefault(run.flow(), List.of()), nowNs),
                                    null));
                        } catch (EvaluationException e) {
                            previews.put(run, new Preview(null, e));
                        }
                    }
                    return previews;
                });
    }

    private Mono<StoredEvalOutput> store(RunRef run, EvalResult result) {
        Instant now = clock.instant();
        return outputs.insert(new StoredEvalOutput(ids.get().toString(), run.flow(), run.runId(), null, result, now, null, null));
    }
}
