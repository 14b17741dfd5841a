package io.flowproof.domain.ensure;

import io.flowproof.domain.ensure.EnsureEvent.Due;
import io.flowproof.domain.ensure.EnsureEvent.EvaluationFailed;
import io.flowproof.domain.ensure.EnsureEvent.Evaluated;
import io.flowproof.domain.ensure.EnsureEvent.RecordFailed;
import io.flowproof.domain.ensure.EnsureEvent.TriggerFailed;
import io.flowproof.domain.ensure.EnsureEvent.TriggerRecorded;
import io.flowproof.domain.ensure.EnsureEvent.TriggerSucceeded;
import io.flowproof.domain.ensure.Transition.Evaluate;
import io.flowproof.domain.ensure.Transition.Finish;
import io.flowproof.domain.ensure.Transition.FireTrigger;
import io.flowproof.domain.ensure.Transition.RecordTrigger;
import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.evaluation.EvaluationException;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.ingest.IngestCommit;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeKey;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.model.Times;
import io.flowproof.domain.port.EnsureRunStore;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.domain.port.TriggerExecutor;
import io.flowproof.domain.port.TriggerExecutor.TriggerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Drives held runs through {@link EnsureMachine}: persist the transition (conditional on the lease), then perform
 * its action, feed the outcome back as the next event, until the run rests or ends. Shared by
 * {@link StartEnsure} (which fires a new run's first steps at once) and {@link AdvanceEnsures} (pollers). Public
 * only so the app can build it once and hand it to both; its methods are internal.
 *
 * <p>Crash safety: a trigger attempt is persisted as started (with its redacted input) <em>before</em> it fires
 * and as finished after; a poller that dies in between leaves the run leased until the lease expires, then
 * another poller retries that attempt (same idempotency key {@code ensureRunId:stepId}); outputs already recorded
 * are never fired again. Trigger events get ids derived from the run and node, so recording them twice after a
 * crash stores them once.
 */
public final class EnsureDriver {

    /** How long past a trigger's own timeout its poller keeps holding the run. */
    static final Duration TRIGGER_LEASE_MARGIN = Duration.ofSeconds(30);

    private final EnsureRunStore store;
    private final NodeStore nodes;
    private final EventStore events;
    private final EvaluateRun evaluateRun;
    private final Expressions expressions;
    private final Templates templates;
    private final Map<String, TriggerExecutor> executors;
    private final Notifier notifier;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Duration lease;
    private final Consumer<String> problems;
    private final Telemetry telemetry;

    /**
     * @param executors one per handler ({@code http_request}, {@code command})
     * @param lease how long a poller holds a run it works on (trigger attempts: their timeout + 30 s)
     * @param problems where non-fatal problems are reported (the app logs them)
     */
    public EnsureDriver(EnsureRunStore store, NodeStore nodes, EventStore events, EvaluateRun evaluateRun, Expressions expressions,
            Templates templates, List<TriggerExecutor> executors, Notifier notifier, Clock clock, Supplier<UUID> ids,
            Duration lease, Consumer<String> problems) {
        this(store, nodes, events, evaluateRun, expressions, templates, executors, notifier, clock, ids, lease, problems, Telemetry.NONE);
    }

    /** @param telemetry told every persisted state change and every trigger attempt's duration */
    public EnsureDriver(EnsureRunStore store, NodeStore nodes, EventStore events, EvaluateRun evaluateRun, Expressions expressions,
            Templates templates, List<TriggerExecutor> executors, Notifier notifier, Clock clock, Supplier<UUID> ids,
            Duration lease, Consumer<String> problems, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.store = store;
        this.nodes = nodes;
        this.events = events;
        this.evaluateRun = evaluateRun;
        this.expressions = expressions;
        this.templates = templates;
        this.executors = new LinkedHashMap<>();
        executors.forEach(executor -> this.executors.put(executor.handler(), executor));
        this.notifier = notifier;
        this.clock = clock;
        this.ids = ids;
        this.lease = lease;
        this.problems = problems;
    }

    Duration lease() {
        return lease;
    }

    Clock clock() {
        return clock;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    /** Advances a run held by {@code owner}; emits its last persisted state, or nothing if the lease was lost. */
    Mono<EnsureRun> drive(EnsureRun run, String owner) {
        return advance(run, new Due(), owner);
    }

    private Mono<EnsureRun> advance(EnsureRun run, EnsureEvent event, String owner) {
        Transition transition = EnsureMachine.decide(run, event, clock.instant());
        if (transition.action() instanceof FireTrigger fire) {
            return fire(transition, fire, owner, run.state());
        }
        boolean unchanged = transition.run() == run && transition.steps().isEmpty() && transition.action().holdsRun();
        Mono<EnsureRun> persisted = unchanged ? Mono.just(run) : persist(transition, run.state(), List.of(), owner, lease);
        return persisted.flatMap(saved -> {
            if (transition.action() instanceof RecordTrigger) {
                return record(saved).flatMap(next -> advance(saved, next, owner));
            }
            if (transition.action() instanceof Evaluate) {
                return evaluate(saved).flatMap(next -> advance(saved, next, owner));
            }
            return Mono.just(saved);
        });
    }

    // --- triggers ---------------------------------------------------------------------------------

    private Mono<EnsureRun> fire(Transition transition, FireTrigger fire, String owner, EnsureState from) {
        EnsureRun run = transition.run();
        Instant startedAt = clock.instant();
        return spec(run, fire.stepId())
                .flatMap(spec -> templates.render(spec, run.outputs()).map(rendered -> new Prepared(spec, rendered, null)))
                .onErrorResume(TriggerFailure.class, failure -> Mono.just(new Prepared(null, null, failure)))
                .flatMap(prepared -> {
                    if (prepared.failure() != null) {
                        // the attempt could not even be prepared (missing secret, node gone): record it as failed
                        EnsureStep started = new EnsureStep(run.id(), fire.stepId(), fire.attempt(), null, null, null, startedAt, null);
                        TriggerFailure failure = prepared.failure();
                        return persist(transition, from, List.of(started), owner, lease)
                                .flatMap(saved -> advance(saved, new TriggerFailed(started, failure.getMessage(), failure.retryable()), owner));
                    }
                    EnsureStep started = new EnsureStep(run.id(), fire.stepId(), fire.attempt(), prepared.rendered().redacted(), null,
                            null, startedAt, null);
                    return persist(transition, from, List.of(started), owner, prepared.spec().timeout().plus(TRIGGER_LEASE_MARGIN))
                            .flatMap(saved -> call(saved, prepared.spec(), prepared.rendered(), started).flatMap(next -> advance(saved, next, owner)));
                });
    }

    private record Prepared(TriggerSpec spec, Templates.Rendered rendered, TriggerFailure failure) {}

    private Mono<EnsureEvent> call(EnsureRun run, TriggerSpec spec, Templates.Rendered rendered, EnsureStep started) {
        TriggerExecutor executor = executors.get(spec.handler());
        if (executor == null) {
            return Mono.just(new TriggerFailed(started, "Unsupported handler type for trigger: " + spec.handler()
                    + ". Supported: " + String.join(", ", executors.keySet()), false));
        }
        TriggerRequest request = new TriggerRequest(EnsureStep.idempotencyKey(started.ensureRunId(), started.stepId()),
                rendered.input(), spec.timeout());
        return Mono.defer(() -> {
                    long firedAt = telemetry.nanoTime();
                    return executor.fire(request)
                            .<EnsureEvent>map(output -> new TriggerSucceeded(started, output))
                            .switchIfEmpty(Mono.fromSupplier(() -> new TriggerFailed(started, "The trigger produced no output", true)))
                            .onErrorResume(error -> Mono.just(error instanceof TriggerFailure failure
                                    ? new TriggerFailed(started, failure.getMessage(), failure.retryable())
                                    : new TriggerFailed(started, describe(error), true)))
                            .doOnNext(outcome -> telemetry.triggerFired(run, spec.handler(), outcome instanceof TriggerSucceeded,
                                    telemetry.nanoTime() - firedAt));
                });
    }

    private Mono<TriggerSpec> spec(EnsureRun run, String nodeId) {
        return nodes.find(new NodeKey(run.flow(), nodeId))
                .filter(node -> node.deletedAt() == null && node.type() == NodeType.TRIGGER)
                .switchIfEmpty(Mono.error(() -> new TriggerFailure("Trigger node '" + nodeId + "' no longer exists in flow '"
                        + run.flow() + "'", false)))
                .map(node -> {
                    try {
                        return TriggerSpec.of(node);
                    } catch (IllegalArgumentException e) {
                        throw new TriggerFailure(e.getMessage(), false);
                    }
                });
    }

    /** Extracts the run id from the last trigger and stores one trigger event per trigger node (idempotently). */
    private Mono<EnsureEvent> record(EnsureRun run) {
        String last = run.triggers().get(run.triggers().size() - 1);
        return spec(run, last)
                .zipWith(lastInput(run, last))
                .map(loaded -> {
                    try {
                        return expressions.extract(loaded.getT1().runIdExtractor(), loaded.getT2(), run.outputs().get(last));
                    } catch (RuntimeException e) {
                        throw new TriggerFailure("Run id extraction failed: " + describe(e), false);
                    }
                })
                .flatMap(runId -> storeTriggerEvents(run, runId)) // fails with database errors only, never TriggerFailure
                .onErrorResume(TriggerFailure.class, failure -> Mono.just(new RecordFailed(failure.getMessage())));
    }

    private Mono<Object> lastInput(EnsureRun run, String last) {
        return store.steps(run.id())
                .filter(step -> step.stepId().equals(last) && step.finishedAt() != null && step.error() == null)
                .last(new EnsureStep(run.id(), last, 0, Map.of(), null, null, run.createdAt(), null))
                .map(step -> step.input() == null ? Map.of() : step.input());
    }

    private Mono<EnsureEvent> storeTriggerEvents(EnsureRun run, String runId) {
        long ts = Times.nowNanos(clock);
        List<Event> triggerEvents = new ArrayList<>(run.triggers().size());
        for (int i = 0; i < run.triggers().size(); i++) {
            String node = run.triggers().get(i);
            String id = UUID.nameUUIDFromBytes((run.id() + ":" + node + ":trigger-event").getBytes(StandardCharsets.UTF_8)).toString();
            triggerEvents.add(new Event(id, run.flow(), node, runId, NodeType.TRIGGER, eventData(run.outputs().get(node)), ts + i));
        }
        Set<String> wanted = new HashSet<>();
        triggerEvents.forEach(e -> wanted.add(e.id()));
        String lastId = triggerEvents.get(triggerEvents.size() - 1).id();
        return events.runEvents(new RunRef(runId, run.flow()))
                .any(existing -> wanted.contains(existing.id()))
                .flatMap(stored -> stored ? Mono.<Void>empty() : events.append(new IngestCommit(triggerEvents, List.of(), List.of())))
                .then(Mono.<EnsureEvent>fromSupplier(() -> new TriggerRecorded(runId, lastId)));
    }

    /** An event's data is a JSON object: a trigger output that is not one is wrapped as {@code {"value": output}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> eventData(Object output) {
        if (output instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("value", output);
        return wrapped;
    }

    // --- evaluation --------------------------------------------------------------------------------

    private Mono<EnsureEvent> evaluate(EnsureRun run) {
        Instant startedAt = clock.instant();
        return evaluateRun.preview(new RunRef(run.runId(), run.flow()), null, io.flowproof.domain.port.Telemetry.EvaluationMode.ENSURE)
                .<EnsureEvent>map(result -> new Evaluated(result, startedAt))
                .onErrorResume(EvaluationException.class, e -> Mono.just(new EvaluationFailed(e.getMessage(), startedAt)));
    }

    /** The event an evaluation outcome of a batch gives. */
    static EnsureEvent evaluated(EvaluateRun.Preview preview, Instant startedAt) {
        return preview == null ? new EvaluationFailed("The run was not evaluated", startedAt)
                : preview.error() != null ? new EvaluationFailed(preview.error().getMessage(), startedAt)
                : new Evaluated(preview.result(), startedAt);
    }

    // --- persistence ---------------------------------------------------------------------------------

    /** Persists one transition (holding the run for {@code hold} when its action needs it); empty if the lease was lost. */
    Mono<EnsureRun> persist(Transition transition, EnsureState from, List<EnsureStep> extraSteps, String owner, Duration hold) {
        EnsureWrite write = write(transition, extraSteps, owner, hold);
        return store.apply(owner, List.of(write))
                .flatMap(applied -> applied.contains(write.run().id())
                        ? Mono.fromRunnable(() -> moved(write.run(), from)).then(notifyIfNeeded(transition, write.run())).thenReturn(write.run())
                        : lost(write.run()));
    }

    /** Tells telemetry about a persisted state change (not about a run that stayed in its state). */
    void moved(EnsureRun run, EnsureState from) {
        if (run.state() != from) {
            telemetry.ensureMoved(run, from);
        }
    }

    EnsureWrite write(Transition transition, List<EnsureStep> extraSteps, String owner, Duration hold) {
        Instant now = clock.instant();
        EnsureRun run = transition.action().holdsRun() ? transition.run().leasedTo(owner, now.plus(hold)) : transition.run().released();
        List<EnsureStep> steps = new ArrayList<>(transition.steps());
        steps.addAll(extraSteps);
        StoredEvalOutput output = null;
        if (transition.action() instanceof Finish finish && run.triggerEventId() != null && run.runId() != null) {
            output = new StoredEvalOutput(ids.get().toString(), run.flow(), run.runId(), run.triggerEventId(), finish.output(), now,
                    null, null);
        }
        return new EnsureWrite(run, steps, output);
    }

    Mono<Void> notifyIfNeeded(Transition transition, EnsureRun run) {
        if (!(transition.action() instanceof Finish finish) || !finish.notifies()) {
            return Mono.empty();
        }
        return Mono.defer(() -> notifier.notify(new io.flowproof.domain.port.Notifier.Notification(run.flow(), run.runId(),
                        run.state().wireName(), finish.output(), null, run.id())))
                .onErrorResume(error -> {
                    problems.accept("notification for ensure run " + run.id() + " failed: " + describe(error));
                    return Mono.empty();
                });
    }

    private Mono<EnsureRun> lost(EnsureRun run) {
        problems.accept("ensure run " + run.id() + " was cancelled or taken over by another poller; its result was dropped");
        return Mono.empty();
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
