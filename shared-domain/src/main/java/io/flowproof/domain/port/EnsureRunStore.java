package io.flowproof.domain.port;

import io.flowproof.domain.ensure.EnsureQuery;
import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureStep;
import io.flowproof.domain.ensure.EnsureWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable ensure runs and their step trace. Pollers claim due runs with a lease; every write of a poller is
 * conditional on still holding that lease, so a poller whose lease expired (or whose run was cancelled) can
 * never overwrite newer state.
 */
public interface EnsureRunStore {

    /** Inserts a new run; empty when the flow already has a run with the same idempotency key. */
    Mono<EnsureRun> insert(EnsureRun run);

    /** The run of a flow with this idempotency key, if any. */
    Mono<EnsureRun> findByKey(String flow, String idempotencyKey);

    Mono<EnsureRun> find(String id);

    /** Runs newest first. */
    Flux<EnsureRun> list(EnsureQuery query);

    /** A run's step attempts in the order they started. */
    Flux<EnsureStep> steps(String id);

    /**
     * Claims up to {@code limit} unfinished runs whose {@code wake_at <= now} (oldest first), skipping rows other
     * pollers are claiming, and leases them to {@code owner} until {@code leaseUntil} (which becomes their
     * {@code wake_at}, so an abandoned claim is due again when the lease expires).
     */
    Mono<List<EnsureRun>> claimDue(Instant now, Instant leaseUntil, String owner, int limit);

    /**
     * Like {@link #claimDue} but only runs that are not {@code waiting} (pending and triggering runs, whose
     * triggers take seconds and need a lease); waiting runs are advanced by {@link #advanceWaiting}.
     */
    Mono<List<EnsureRun>> claimDueToDrive(Instant now, Instant leaseUntil, String owner, int limit);

    /**
     * Advances up to {@code limit} waiting runs due at {@code now} (oldest first) in one transaction that holds their
     * rows locked instead of writing a lease: lock them ({@code FOR UPDATE SKIP LOCKED}: concurrent pollers skip
     * them), hand them to {@code decide} (which evaluates them and returns their transitions; its reads join the
     * transaction), write the transitions of the runs still unfinished with their steps and eval outputs, commit.
     * Nothing is written before the end, so a poller that dies or fails midway leaves the runs as they were and
     * due; a transaction left idle longer than {@code hold} (a frozen poller) is ended by the database.
     */
    Mono<WaitingChunk> advanceWaiting(Instant now, int limit, Duration hold, Function<List<EnsureRun>, Mono<List<EnsureWrite>>> decide);

    /** What {@link #advanceWaiting} did: runs locked, and the ids of those written. */
    record WaitingChunk(int locked, Set<String> applied) {}

    /**
     * Persists transitions of runs leased to {@code owner}, in one transaction: each run row (only while it is
     * unfinished and still leased to {@code owner}), then the steps and eval outputs of the rows that were
     * written.
     *
     * @return the ids of the runs that were written
     */
    Mono<Set<String>> apply(String owner, List<EnsureWrite> writes);

    /** Cancels an unfinished run (whoever holds it); empty when the run is missing or already finished. */
    Mono<EnsureRun> cancel(String id, Instant now);

    /**
     * Fires a cron slot once: in one transaction, records (flow, slot) and inserts {@code run}. Emits false when
     * the slot was already fired (by this or another poller).
     */
    Mono<Boolean> startScheduled(Instant slot, EnsureRun run);
}
