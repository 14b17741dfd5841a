package io.flowproof.domain.evaluation;

import io.flowproof.domain.ingest.PendingEvaluation;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.model.Times;
import io.flowproof.domain.port.EvaluationQueue;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.domain.port.Telemetry.EvaluationMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Works off the durable evaluation queue that ingest fills: claims a chunk of runs, loads their events
 * and their flows' nodes with one query each, evaluates, and stores one eval output per run in the same
 * transaction that removes the requests. A run touched by several batches before a worker gets to it is
 * evaluated once, on its latest events (coalescing); a run touched again while it is being evaluated stays
 * queued for one more evaluation.
 *
 * <p>Runs that cannot be evaluated (no nodes yet, a cycle) produce no row, as in the original; the
 * reason goes to the {@code problems} callback (the app logs it). Stored {@code failed} results are notified
 * once they are committed.
 */
public final class EvaluatePending {

    /** Long enough for one chunk (milliseconds in practice), short enough that a crashed worker's claims return soon. */
    private static final Duration LEASE = Duration.ofSeconds(15);

    private final EvaluationQueue queue;
    private final EventStore events;
    private final NodeStore nodes;
    private final Evaluator evaluator;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Consumer<String> problems;
    private final Notifier notifier;
    private final Telemetry telemetry;

    /** Without notifications. */
    public EvaluatePending(EvaluationQueue queue, EventStore events, NodeStore nodes, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids, Consumer<String> problems) {
        this(queue, events, nodes, evaluator, clock, ids, problems, Notifications.NONE);
    }

    public EvaluatePending(EvaluationQueue queue, EventStore events, NodeStore nodes, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids, Consumer<String> problems, Notifier notifier) {
        this(queue, events, nodes, evaluator, clock, ids, problems, notifier, Telemetry.NONE);
    }

    /** @param telemetry told every evaluation's status and duration (one call per run, none per event) */
    public EvaluatePending(EvaluationQueue queue, EventStore events, NodeStore nodes, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids, Consumer<String> problems, Notifier notifier, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.notifier = notifier;
        this.queue = queue;
        this.events = events;
        this.nodes = nodes;
        this.evaluator = evaluator;
        this.clock = clock;
        this.ids = ids;
        this.problems = problems;
    }

    /** Evaluates chunks of up to {@code chunk} runs until the queue is empty; emits how many runs it evaluated. */
    public Mono<Integer> drain(int chunk) {
        return drainOnce(chunk)
                .expand(done -> done == 0 ? Mono.empty() : drainOnce(chunk))
                .reduce(0, Integer::sum);
    }

    /** Claims and evaluates one chunk; emits the number of runs claimed (0 when the queue was empty). */
    public Mono<Integer> drainOnce(int chunk) {
        Instant now = clock.instant();
        return queue.claim(chunk, now, now.plus(LEASE))
                .flatMap(claimed -> claimed.isEmpty() ? Mono.just(0) : evaluateAll(claimed).thenReturn(claimed.size()));
    }

    private Mono<Void> evaluateAll(List<PendingEvaluation> claimed) {
        List<RunRef> runs = new ArrayList<>(claimed.size());
        Set<String> flows = new LinkedHashSet<>();
        for (PendingEvaluation pending : claimed) {
            runs.add(pending.run());
            flows.add(pending.run().flow());
        }
        return events.runsEvents(runs)
                .zipWith(nodes.activeNodes(flows))
                .map(loaded -> outputs(claimed, loaded.getT1(), loaded.getT2()))
                .flatMap(outputs -> queue.complete(claimed, outputs).then(notifyFailures(outputs)));
    }

    private Mono<Void> notifyFailures(List<StoredEvalOutput> outputs) {
        return Flux.fromIterable(outputs)
                .concatMap(output -> Notifications.ifFailed(notifier, new RunRef(output.runId(), output.flow()), output.output()))
                .then();
    }

    private List<StoredEvalOutput> outputs(List<PendingEvaluation> claimed, Map<RunRef, List<Event>> eventsByRun,
            Map<String, List<NodeDefinition>> nodesByFlow) {
        Instant now = clock.instant();
        long nowNs = Times.epochNanos(now);
        List<StoredEvalOutput> outputs = new ArrayList<>(claimed.size());
        for (PendingEvaluation pending : claimed) {
            RunRef run = pending.run();
            try {
                EvalResult result = EvaluateRun.evaluate(evaluator, telemetry, EvaluationMode.AUTO, run, null,
                        eventsByRun.getOrDefault(run, List.of()), nodesByFlow.getOrDefault(run.flow(), List.of()), nowNs);
                outputs.add(new StoredEvalOutput(ids.get().toString(), run.flow(), run.runId(), pending.triggerEvId(),
                        result, now, null, null));
            } catch (EvaluationException e) {
                problems.accept("auto-evaluation of " + run + " skipped: " + e.getMessage());
            }
        }
        return outputs;
    }
}
