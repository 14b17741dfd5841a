package io.flowproof.domain.ensure;

import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.EnsureRunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Waiting runs (the common case: thousands re-evaluated every few seconds) are advanced in bulk, a chunk per
 * transaction that holds their rows locked rather than leased ({@link EnsureRunStore#advanceWaiting}): one query
 * for all their events, one for their flows' nodes, one statement for all their new states and steps (plus the
 * eval outputs of finished ones). Runs with triggers to fire are claimed with a lease
 * ({@link EnsureRunStore#claimDueToDrive}) and driven one by one, a few at a time ({@code triggerConcurrency}).
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
                .flatMap(worker -> waitingChunk(tick)
                        .expand(done -> done.claimed() < chunkSize ? Mono.empty() : waitingChunk(tick))
                        .concatWith(Flux.defer(() -> advanceChunk(tick, owner)
                                .expand(done -> done.claimed() < chunkSize ? Mono.empty() : advanceChunk(tick, owner)))))
                .reduce(PollSummary.EMPTY, PollSummary::plus);
    }

    /**
     * Re-evaluates one chunk of waiting runs in bulk (one query for all their events, one for their flows' nodes)
     * inside the store's locking transaction, which writes all their transitions at its end.
     */
    Mono<PollSummary> waitingChunk(Instant tick) {
        List<Transition> transitions = new ArrayList<>();
        List<EnsureWrite> writes = new ArrayList<>();
        return store.advanceWaiting(tick, chunkSize, driver.lease(), locked -> {
                    transitions.clear(); // a retried decision starts over
                    writes.clear();
                    return reevaluate(locked, transitions, writes);
                })
                .flatMap(chunk -> chunk.locked() == 0 ? Mono.just(PollSummary.EMPTY)
                        : reportMoves(writes, chunk.applied()).then(notifyAll(transitions, writes, chunk.applied()))
                                .then(Mono.fromSupplier(() -> PollSummary.claimed(chunk.locked()).plus(summarize(writes, chunk.applied())))));
    }

    /** Claims (with a lease) and drives one chunk of runs with triggers to fire. */
    Mono<PollSummary> advanceChunk(Instant tick, String owner) {
        return store.claimDueToDrive(tick, driver.clock().instant().plus(driver.lease()), owner, chunkSize)
                .flatMap(claimed -> claimed.isEmpty() ? Mono.just(PollSummary.EMPTY) : driveAll(claimed, owner)
                        .map(done -> PollSummary.claimed(claimed.size()).plus(done)));
    }

    private Mono<PollSummary> driveAll(List<EnsureRun> claimed, String owner) {
        return Flux.fromIterable(claimed)
                .flatMap(run -> driver.drive(run, owner)
                        .map(last -> PollSummary.advancedTo(last.state()))
                        .onErrorResume(error -> {
                            problems.accept("ensure run " + run.id() + " could not be advanced (its lease will expire and it will be "
                                    + "retried): " + EnsureDriver.describe(error));
                            return Mono.empty();
                        }), triggerConcurrency)
                .reduce(PollSummary.EMPTY, PollSummary::plus);
    }

    /** Evaluates waiting runs in bulk and returns their transitions' writes (also collected into the lists). */
    private Mono<List<EnsureWrite>> reevaluate(List<EnsureRun> waiting, List<Transition> transitions, List<EnsureWrite> writes) {
        Instant startedAt = driver.clock().instant();
        List<RunRef> runs = waiting.stream().map(run -> new RunRef(run.runId(), run.flow())).distinct().toList();
        return evaluateRun.previewAll(runs).map(previews -> {
            Instant now = driver.clock().instant();
            for (EnsureRun run : waiting) {
                EnsureEvent event = EnsureDriver.evaluated(previews.get(new RunRef(run.runId(), run.flow())), startedAt);
                Transition transition = EnsureMachine.decide(run, event, now);
                transitions.add(transition);
                // a waiting run's transition never holds it (it rests or ends), so no lease is written
                EnsureWrite write = driver.write(transition, List.of(), null, driver.lease());
                // evaluations never touch trigger outputs: the stored ones stay
                writes.add(transition.run().outputs().equals(run.outputs()) ? write.outputsUnchanged() : write);
            }
            return writes;
        });
    }

    /** Waiting runs that passed, failed or timed out (every run of a waiting chunk was {@code WAITING}). */
    private Mono<Void> reportMoves(List<EnsureWrite> writes, Set<String> applied) {
        return Mono.fromRunnable(() -> {
            for (EnsureWrite write : writes) {
                if (applied.contains(write.run().id())) {
                    driver.moved(write.run(), EnsureState.WAITING);
                }
            }
        });
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
