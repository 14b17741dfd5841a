package io.flowproof.domain.ensure;

import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.EnsureRunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One poll tick over the due ensure runs: claim a chunk with a lease ({@code FOR UPDATE SKIP LOCKED}, so any
 * number of pollers share the work), advance every run of it, persist, and claim the next chunk until nothing is
 * due. Every run is advanced at most once per tick: a run that rests gets a {@code wake_at} after the tick's
 * start, and claims only take runs due at the tick's start.
 *
 * <p>Waiting runs (the common case: thousands re-evaluated every few seconds) are advanced in bulk: one query
 * for all their events, one for their flows' nodes, one transaction for all their new states, steps and eval
 * outputs. Runs with triggers to fire are driven one by one, a few at a time ({@code triggerConcurrency}).
 */
public final class AdvanceEnsures {

    private final EnsureRunStore store;
    private final EvaluateRun evaluateRun;
    private final EnsureDriver driver;
    private final Supplier<UUID> ids;
    private final int chunkSize;
    private final int workers;
    private final int triggerConcurrency;
    private final Consumer<String> problems;

    /**
     * @param chunkSize runs per claim
     * @param workers chunks advanced at once by one tick
     * @param triggerConcurrency runs with triggers driven at once within a chunk
     */
    public AdvanceEnsures(EnsureRunStore store, EvaluateRun evaluateRun, EnsureDriver driver, Supplier<UUID> ids, int chunkSize,
            int workers, int triggerConcurrency, Consumer<String> problems) {
        this.store = store;
        this.evaluateRun = evaluateRun;
        this.driver = driver;
        this.ids = ids;
        this.chunkSize = chunkSize;
        this.workers = workers;
        this.triggerConcurrency = triggerConcurrency;
        this.problems = problems;
    }

    /** Advances every run due now; emits what was done (without schedules and duration). */
    public Mono<PollSummary> advanceDue() {
        Instant tick = driver.clock().instant();
        String owner = "poller-" + ids.get();
        return Flux.range(0, workers)
                .flatMap(worker -> advanceChunk(tick, owner)
                        .expand(done -> done.claimed() < chunkSize ? Mono.empty() : advanceChunk(tick, owner)))
                .reduce(PollSummary.EMPTY, PollSummary::plus);
    }

    /** Claims and advances one chunk. */
    Mono<PollSummary> advanceChunk(Instant tick, String owner) {
        return store.claimDue(tick, driver.clock().instant().plus(driver.lease()), owner, chunkSize)
                .flatMap(claimed -> claimed.isEmpty() ? Mono.just(PollSummary.EMPTY) : advanceAll(claimed, owner)
                        .map(done -> PollSummary.claimed(claimed.size()).plus(done)));
    }

    private Mono<PollSummary> advanceAll(List<EnsureRun> claimed, String owner) {
        List<EnsureRun> waiting = new ArrayList<>();
        List<EnsureRun> others = new ArrayList<>();
        for (EnsureRun run : claimed) {
            (run.state() == EnsureState.WAITING ? waiting : others).add(run);
        }
        Mono<PollSummary> driven = Flux.fromIterable(others)
                .flatMap(run -> driver.drive(run, owner)
                        .map(last -> PollSummary.advancedTo(last.state()))
                        .onErrorResume(error -> {
                            problems.accept("ensure run " + run.id() + " could not be advanced (its lease will expire and it will be "
                                    + "retried): " + EnsureDriver.describe(error));
                            return Mono.empty();
                        }), triggerConcurrency)
                .reduce(PollSummary.EMPTY, PollSummary::plus);
        return reevaluate(waiting, owner).zipWith(driven, PollSummary::plus);
    }

    /** Evaluates waiting runs in bulk and persists all their transitions in one transaction. */
    private Mono<PollSummary> reevaluate(List<EnsureRun> waiting, String owner) {
        if (waiting.isEmpty()) {
            return Mono.just(PollSummary.EMPTY);
        }
        Instant startedAt = driver.clock().instant();
        List<RunRef> runs = waiting.stream().map(run -> new RunRef(run.runId(), run.flow())).distinct().toList();
        return evaluateRun.previewAll(runs)
                .flatMap(previews -> persistAll(waiting, previews, startedAt, owner));
    }

    private Mono<PollSummary> persistAll(List<EnsureRun> waiting, Map<RunRef, EvaluateRun.Preview> previews, Instant startedAt,
            String owner) {
        Instant now = driver.clock().instant();
        List<Transition> transitions = new ArrayList<>(waiting.size());
        List<EnsureWrite> writes = new ArrayList<>(waiting.size());
        for (EnsureRun run : waiting) {
            EnsureEvent event = EnsureDriver.evaluated(previews.get(new RunRef(run.runId(), run.flow())), startedAt);
            Transition transition = EnsureMachine.decide(run, event, now);
            transitions.add(transition);
            EnsureWrite write = driver.write(transition, List.of(), owner, driver.lease());
            // evaluations never touch trigger outputs: the stored ones stay
            writes.add(transition.run().outputs().equals(run.outputs()) ? write.outputsUnchanged() : write);
        }
        return store.apply(owner, writes).flatMap(applied -> notifyAll(transitions, writes, applied)
                .then(Mono.fromSupplier(() -> summarize(writes, applied))));
    }

    private Mono<Void> notifyAll(List<Transition> transitions, List<EnsureWrite> writes, Set<String> applied) {
        List<Mono<Void>> notifications = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            if (applied.contains(writes.get(i).run().id())) {
                notifications.add(driver.notifyIfNeeded(transitions.get(i), writes.get(i).run()));
            }
        }
        return Mono.when(notifications);
    }

    private static PollSummary summarize(List<EnsureWrite> writes, Set<String> applied) {
        PollSummary summary = PollSummary.EMPTY;
        for (EnsureWrite write : writes) {
            if (applied.contains(write.run().id())) {
                summary = summary.plus(PollSummary.advancedTo(write.run().state()));
            }
        }
        return summary;
    }
}
