package io.flowproof.infra.store;

import io.flowproof.domain.ensure.EnsureOptions;
import io.flowproof.domain.ensure.EnsureOrigin;
import io.flowproof.domain.ensure.EnsureQuery;
import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.EnsureStep;
import io.flowproof.domain.ensure.EnsureWrite;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.port.EnsureRunStore;
import io.flowproof.infra.json.WireJson;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ensure runs in Postgres.
 *
 * <p>Claims are one statement, {@code UPDATE ... FROM (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n)}: concurrent
 * pollers never wait for each other and never get the same run. A claim moves {@code wake_at} to the lease
 * expiry, so due is the single indexed condition {@code wake_at <= now} and an abandoned lease needs no separate
 * watchdog. A batch of transitions is written by one set-based statement ({@code unnest} arrays, constant SQL):
 * the run rows, guarded by {@code lease_owner = owner AND finished_at IS NULL}, and the steps of exactly the rows
 * that update returned; when the batch has eval outputs (finished runs), they are inserted for the same rows in
 * the same transaction.
 */
public final class R2dbcEnsureRunStore implements EnsureRunStore {

    private static final String COLUMNS = "id, flow, state, origin, idempotency_key, timeout_ms, poll_interval_ms, "
            + "retry::text AS retry, triggers::text AS triggers, outputs::text AS outputs, current_step, attempt, evaluations, "
            + "run_id, trigger_ev_id, last_result::text AS last_result, error, deadline, wake_at, lease_owner, lease_until, "
            + "created_at, updated_at, finished_at";

    /**
     * What a claim returns: everything but {@code last_result} (a whole evaluation, the largest column), which every
     * transition of a claimed run replaces and {@code APPLY} never overwrites with null.
     */
    private static final String CLAIMED_COLUMNS = COLUMNS.replaceAll("(^|, )([a-z_]+)", "$1r.$2")
            .replace("r.last_result::text AS last_result", "NULL::text AS last_result");

    private static final String INSERT = """
            INSERT INTO ensure_runs (id, flow, state, origin, idempotency_key, timeout_ms, poll_interval_ms, retry, triggers,
                outputs, current_step, attempt, evaluations, run_id, trigger_ev_id, last_result, error, deadline, wake_at,
                lease_owner, lease_until, created_at, updated_at, finished_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16::jsonb, $17,
                $18, $19, $20, $21, $22, $23, $24)
            ON CONFLICT (flow, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id
            """;

    private static final String CLAIM = "UPDATE ensure_runs r SET lease_owner = $3, lease_until = $2, wake_at = $2\n"
            + "FROM (SELECT id FROM ensure_runs WHERE finished_at IS NULL AND wake_at <= $1\n"
            + "      ORDER BY wake_at LIMIT $4 FOR UPDATE SKIP LOCKED) due\n"
            + "WHERE r.id = due.id AND r.finished_at IS NULL\n"
            + "RETURNING " + CLAIMED_COLUMNS;

    /**
     * One statement for a batch of transitions: the run rows (only those still unfinished and leased to {@code $16}),
     * then the steps of exactly the rows the update returned. {@code outputs} and {@code last_result} arrive as null
     * when unchanged and are then left as they are (no jsonb parsing, no new values). Steps are inserted in array
     * order ({@code ord}), which is the order their trace is listed in.
     */
    /** Bound to null owner only by {@link #advanceWaiting}, whose runs are held by row locks of its transaction. */
    private static final String APPLY = """
            WITH d AS (
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::int4[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::timestamptz[],
                        $14::timestamptz[], $15::timestamptz[])
                    AS d(id, state, outputs, current_step, attempt, evaluations, run_id, trigger_ev_id, last_result, error,
                         wake_at, lease_owner, lease_until, updated_at, finished_at)
            ), applied AS (
                UPDATE ensure_runs r SET state = d.state, outputs = COALESCE(d.outputs::jsonb, r.outputs),
                    current_step = d.current_step, attempt = d.attempt, evaluations = d.evaluations, run_id = d.run_id,
                    trigger_ev_id = d.trigger_ev_id, last_result = COALESCE(d.last_result::jsonb, r.last_result),
                    error = d.error, wake_at = d.wake_at, lease_owner = d.lease_owner, lease_until = d.lease_until,
                    updated_at = d.updated_at, finished_at = d.finished_at
                FROM d
                WHERE r.id = d.id AND ($16::text IS NULL OR r.lease_owner = $16) AND r.finished_at IS NULL
                RETURNING r.id
            ), steps AS (
                INSERT INTO ensure_steps (ensure_run_id, step_id, attempt, input, output, error, started_at, finished_at)
                SELECT s.run, s.step, s.attempt, s.input::jsonb, s.output::jsonb, s.error, s.started_at, s.finished_at
                FROM unnest($17::uuid[], $18::text[], $19::int4[], $20::text[], $21::text[], $22::text[],
                            $23::timestamptz[], $24::timestamptz[])
                        WITH ORDINALITY AS s(run, step, attempt, input, output, error, started_at, finished_at, ord)
                JOIN applied a ON a.id = s.run
                ORDER BY s.ord
                ON CONFLICT (ensure_run_id, step_id, attempt) DO UPDATE SET output = EXCLUDED.output, error = EXCLUDED.error,
                    finished_at = EXCLUDED.finished_at, input = COALESCE(EXCLUDED.input, ensure_steps.input)
            )
            SELECT id FROM applied
            """;

    private static final String CLAIM_TO_DRIVE = CLAIM.replace("WHERE finished_at IS NULL AND wake_at <= $1",
            "WHERE finished_at IS NULL AND wake_at <= $1 AND state <> 'waiting'");

    /**
     * Waiting runs due now, locked for the transaction instead of leased: no row version is written until the
     * transaction writes their transitions (one update per run per look instead of two).
     */
    private static final String LOCK_WAITING = "SELECT " + CLAIMED_COLUMNS + " FROM ensure_runs r\n"
            + "WHERE r.finished_at IS NULL AND r.wake_at <= $1 AND r.state = 'waiting'\n"
            + "ORDER BY r.wake_at LIMIT $2 FOR UPDATE SKIP LOCKED";

    /** A poller that stops talking to the database mid-transaction (frozen, hung) loses its connection and locks. */
    private static final String HOLD = "SELECT set_config('idle_in_transaction_session_timeout', $1, true)";

    private static final String CANCEL = "UPDATE ensure_runs SET state = 'cancelled', finished_at = $2, updated_at = $2, "
            + "wake_at = NULL, lease_owner = NULL, lease_until = NULL, current_step = NULL "
            + "WHERE id = $1 AND finished_at IS NULL RETURNING " + COLUMNS;

    private static final String CLAIM_SLOT = """
            INSERT INTO schedule_slots (flow, slot_time, ensure_run_id) VALUES ($1, $2, $3)
            ON CONFLICT (flow, slot_time) DO NOTHING RETURNING flow
            """;

    private static final String STEPS = "SELECT ensure_run_id, step_id, attempt, input::text AS input, output::text AS output, "
            + "error, started_at, finished_at FROM ensure_steps WHERE ensure_run_id = $1 ORDER BY seq";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public R2dbcEnsureRunStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    @Override
    public Mono<EnsureRun> insert(EnsureRun run) {
        return insertRow(run).onErrorMap(StoreErrors::translate);
    }

    private Mono<EnsureRun> insertRow(EnsureRun run) {
        Object[] values = {
            UUID.fromString(run.id()), run.flow(), run.state().wireName(), run.origin().wireName(), run.idempotencyKey(),
            run.options().timeout().toMillis(), run.options().pollInterval().toMillis(), retryJson(run.options().retry()),
            WireJson.write(run.triggers()), WireJson.write(run.outputs()), run.currentStep(), run.attempt(), run.evaluations(),
            run.runId(), run.triggerEventId(), lastResult(run), run.error(), Rows.offset(run.deadline()), Rows.offset(run.wakeAt()),
            run.leaseOwner(), Rows.offset(run.leaseUntil()), Rows.offset(run.createdAt()), Rows.offset(run.updatedAt()),
            Rows.offset(run.finishedAt())
        };
        Class<?>[] types = {
            UUID.class, String.class, String.class, String.class, String.class, Long.class, Long.class, String.class,
            String.class, String.class, String.class, Integer.class, Integer.class, String.class, String.class, String.class,
            String.class, OffsetDateTime.class, OffsetDateTime.class, String.class, OffsetDateTime.class, OffsetDateTime.class,
            OffsetDateTime.class, OffsetDateTime.class
        };
        var spec = db.sql(INSERT);
        for (int i = 0; i < values.length; i++) {
            spec = values[i] == null ? spec.bindNull(i, types[i]) : spec.bind(i, values[i]);
        }
        return spec.map(row -> run).one();
    }

    @Override
    public Mono<EnsureRun> findByKey(String flow, String idempotencyKey) {
        return db.sql("SELECT " + COLUMNS + " FROM ensure_runs WHERE flow = $1 AND idempotency_key = $2")
                .bind(0, flow).bind(1, idempotencyKey)
                .map(R2dbcEnsureRunStore::run).one().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<EnsureRun> find(String id) {
        UUID uuid = uuidOrNull(id);
        if (uuid == null) {
            return Mono.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM ensure_runs WHERE id = $1").bind(0, uuid)
                .map(R2dbcEnsureRunStore::run).one().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Flux<EnsureRun> list(EnsureQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ensure_runs");
        List<Object> args = new ArrayList<>();
        if (query.flow() != null) {
            args.add(query.flow());
            sql.append(" WHERE flow = $").append(args.size());
        }
        if (query.state() != null) {
            args.add(query.state().wireName());
            sql.append(args.size() == 1 ? " WHERE" : " AND").append(" state = $").append(args.size());
        }
        args.add(query.limit());
        args.add(query.offset());
        sql.append(" ORDER BY seq DESC LIMIT $").append(args.size() - 1).append(" OFFSET $").append(args.size());
        var spec = db.sql(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            spec = spec.bind(i, args.get(i));
        }
        return spec.map(R2dbcEnsureRunStore::run).all().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Flux<EnsureStep> steps(String id) {
        UUID uuid = uuidOrNull(id);
        if (uuid == null) {
            return Flux.empty();
        }
        return db.sql(STEPS).bind(0, uuid).map(R2dbcEnsureRunStore::step).all().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<List<EnsureRun>> claimDue(Instant now, Instant leaseUntil, String owner, int limit) {
        return db.sql(CLAIM).bind(0, Rows.offset(now)).bind(1, Rows.offset(leaseUntil)).bind(2, owner).bind(3, limit)
                .map(R2dbcEnsureRunStore::run).all().collectList()
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<List<EnsureRun>> claimDueToDrive(Instant now, Instant leaseUntil, String owner, int limit) {
        return db.sql(CLAIM_TO_DRIVE).bind(0, Rows.offset(now)).bind(1, Rows.offset(leaseUntil)).bind(2, owner).bind(3, limit)
                .map(R2dbcEnsureRunStore::run).all().collectList()
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<WaitingChunk> advanceWaiting(Instant now, int limit, Duration hold,
            Function<List<EnsureRun>, Mono<List<EnsureWrite>>> decide) {
        return db.sql(HOLD).bind(0, Long.toString(Math.max(1, hold.toMillis()))).then()
                .then(db.sql(LOCK_WAITING).bind(0, Rows.offset(now)).bind(1, limit)
                        .map(R2dbcEnsureRunStore::run).all().collectList())
                .flatMap(locked -> locked.isEmpty() ? Mono.just(new WaitingChunk(0, Set.of()))
                        : decide.apply(locked)
                                .flatMap(writes -> writeAll(null, writes))
                                .map(applied -> new WaitingChunk(locked.size(), applied)))
                .as(tx::transactional)
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<Set<String>> apply(String owner, List<EnsureWrite> writes) {
        java.util.Objects.requireNonNull(owner, "owner");
        if (writes.isEmpty()) {
            return Mono.just(Set.of());
        }
        boolean anyOutput = writes.stream().anyMatch(write -> write.output() != null);
        if (!anyOutput) {
            // one statement is atomic by itself: no transaction round trips
            return applyRows(owner, writes).onErrorMap(StoreErrors::translate);
        }
        return writeAll(owner, writes).as(tx::transactional).onErrorMap(StoreErrors::translate);
    }

    /** Run rows, steps and eval outputs of a batch; inside a transaction when it has eval outputs. */
    private Mono<Set<String>> writeAll(String owner, List<EnsureWrite> writes) {
        if (writes.isEmpty()) {
            return Mono.just(Set.of());
        }
        return applyRows(owner, writes)
                .flatMap(applied -> R2dbcEvalOutputStore.insertAll(db, outputsOf(writes, applied)).thenReturn(applied));
    }

    /** The run rows and steps of a batch ({@link #APPLY}); emits the ids of the rows written. */
    private Mono<Set<String>> applyRows(String owner, List<EnsureWrite> writes) {
        int n = writes.size();
        UUID[] ids = new UUID[n];
        String[] states = new String[n];
        String[] outputs = new String[n];
        String[] currentSteps = new String[n];
        Integer[] attempts = new Integer[n];
        Integer[] evaluations = new Integer[n];
        String[] runIds = new String[n];
        String[] triggerEvIds = new String[n];
        String[] results = new String[n];
        String[] errors = new String[n];
        OffsetDateTime[] wakeAts = new OffsetDateTime[n];
        String[] leaseOwners = new String[n];
        OffsetDateTime[] leaseUntils = new OffsetDateTime[n];
        OffsetDateTime[] updatedAts = new OffsetDateTime[n];
        OffsetDateTime[] finishedAts = new OffsetDateTime[n];
        int stepCount = 0;
        for (int i = 0; i < n; i++) {
            EnsureWrite write = writes.get(i);
            EnsureRun run = write.run();
            ids[i] = UUID.fromString(run.id());
            states[i] = run.state().wireName();
            outputs[i] = write.outputsChanged() ? WireJson.write(run.outputs()) : null;
            currentSteps[i] = run.currentStep();
            attempts[i] = run.attempt();
            evaluations[i] = run.evaluations();
            runIds[i] = run.runId();
            triggerEvIds[i] = run.triggerEventId();
            results[i] = lastResult(run);
            errors[i] = run.error();
            wakeAts[i] = Rows.offset(run.wakeAt());
            leaseOwners[i] = run.leaseOwner();
            leaseUntils[i] = Rows.offset(run.leaseUntil());
            updatedAts[i] = Rows.offset(run.updatedAt());
            finishedAts[i] = Rows.offset(run.finishedAt());
            stepCount += write.steps().size();
        }
        UUID[] stepRuns = new UUID[stepCount];
        String[] stepIds = new String[stepCount];
        Integer[] stepAttempts = new Integer[stepCount];
        String[] inputs = new String[stepCount];
        String[] stepOutputs = new String[stepCount];
        String[] stepErrors = new String[stepCount];
        OffsetDateTime[] started = new OffsetDateTime[stepCount];
        OffsetDateTime[] finished = new OffsetDateTime[stepCount];
        int j = 0;
        for (int i = 0; i < n; i++) {
            for (EnsureStep step : writes.get(i).steps()) {
                stepRuns[j] = step.ensureRunId().equals(writes.get(i).run().id()) ? ids[i] : UUID.fromString(step.ensureRunId());
                stepIds[j] = step.stepId();
                stepAttempts[j] = step.attempt();
                inputs[j] = Rows.jsonOrNull(step.input());
                stepOutputs[j] = Rows.jsonOrNull(step.output());
                stepErrors[j] = step.error();
                started[j] = Rows.offset(step.startedAt());
                finished[j] = Rows.offset(step.finishedAt());
                j++;
            }
        }
        var spec = db.sql(APPLY).bind(0, ids).bind(1, states).bind(2, outputs).bind(3, currentSteps).bind(4, attempts)
                .bind(5, evaluations).bind(6, runIds).bind(7, triggerEvIds).bind(8, results).bind(9, errors).bind(10, wakeAts)
                .bind(11, leaseOwners).bind(12, leaseUntils).bind(13, updatedAts).bind(14, finishedAts);
        spec = owner == null ? spec.bindNull(15, String.class) : spec.bind(15, owner);
        return spec.bind(16, stepRuns).bind(17, stepIds).bind(18, stepAttempts).bind(19, inputs).bind(20, stepOutputs)
                .bind(21, stepErrors).bind(22, started).bind(23, finished)
                .map(row -> row.get("id", UUID.class).toString()).all()
                .collect(HashSet<String>::new, Set::add)
                .map(set -> (Set<String>) set);
    }

    private static List<StoredEvalOutput> outputsOf(List<EnsureWrite> writes, Set<String> applied) {
        List<StoredEvalOutput> outputs = new ArrayList<>();
        for (EnsureWrite write : writes) {
            if (write.output() != null && applied.contains(write.run().id())) {
                outputs.add(write.output());
            }
        }
        return outputs;
    }

    @Override
    public Mono<EnsureRun> cancel(String id, Instant now) {
        UUID uuid = uuidOrNull(id);
        if (uuid == null) {
            return Mono.empty();
        }
        return db.sql(CANCEL).bind(0, uuid).bind(1, Rows.offset(now)).map(R2dbcEnsureRunStore::run).one()
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<Boolean> startScheduled(Instant slot, EnsureRun run) {
        return db.sql(CLAIM_SLOT).bind(0, run.flow()).bind(1, Rows.offset(slot)).bind(2, UUID.fromString(run.id()))
                .map(row -> Boolean.TRUE).one()
                .flatMap(claimed -> insertRow(run).thenReturn(true))
                .defaultIfEmpty(false)
                .as(tx::transactional)
                .onErrorMap(StoreErrors::translate);
    }

    // --- rows ---------------------------------------------------------------------------------------

    private static String lastResult(EnsureRun run) {
        return run.lastResult() == null ? null : WireJson.writeEvalResult(run.lastResult());
    }

    @SuppressWarnings("unchecked")
    static EnsureRun run(Readable row) {
        Map<String, Object> result = WireJson.readObject(row.get("last_result", String.class));
        EnsureOptions options = new EnsureOptions(Duration.ofMillis(row.get("timeout_ms", Long.class)),
                Duration.ofMillis(row.get("poll_interval_ms", Long.class)), retry(WireJson.readObject(row.get("retry", String.class))));
        return new EnsureRun(row.get("id", UUID.class).toString(), row.get("flow", String.class),
                EnsureState.fromWire(row.get("state", String.class)), EnsureOrigin.fromWire(row.get("origin", String.class)),
                row.get("idempotency_key", String.class), options, (List<String>) WireJson.read(row.get("triggers", String.class)),
                WireJson.readObject(row.get("outputs", String.class)), row.get("current_step", String.class),
                row.get("attempt", Integer.class), row.get("evaluations", Integer.class), row.get("run_id", String.class),
                row.get("trigger_ev_id", String.class), result == null ? null : WireJson.evalResult(result),
                row.get("error", String.class), Rows.instant(row, "deadline"), Rows.instant(row, "wake_at"),
                row.get("lease_owner", String.class), Rows.instant(row, "lease_until"), Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"), Rows.instant(row, "finished_at"));
    }

    @SuppressWarnings("unchecked")
    private static EnsureStep step(Readable row) {
        return new EnsureStep(row.get("ensure_run_id", UUID.class).toString(), row.get("step_id", String.class),
                row.get("attempt", Integer.class), (Map<String, Object>) Rows.json(row, "input"), Rows.json(row, "output"),
                row.get("error", String.class), Rows.instant(row, "started_at"), Rows.instant(row, "finished_at"));
    }

    private static String retryJson(RetryPolicy retry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("max_attempts", retry.maxAttempts());
        map.put("initial_ms", retry.initial().toMillis());
        map.put("factor", retry.factor());
        map.put("max_ms", retry.max().toMillis());
        return WireJson.write(map);
    }

    private static RetryPolicy retry(Map<String, Object> map) {
        return new RetryPolicy(((Number) map.get("max_attempts")).intValue(), Duration.ofMillis(((Number) map.get("initial_ms")).longValue()),
                ((Number) map.get("factor")).doubleValue(), Duration.ofMillis(((Number) map.get("max_ms")).longValue()));
    }

    private static UUID uuidOrNull(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
