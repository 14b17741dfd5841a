package io.flowproof.domain.port;

import io.flowproof.domain.ensure.EnsureQuery;
import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureStep;
import io.flowproof.domain.ensure.EnsureWrite;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
