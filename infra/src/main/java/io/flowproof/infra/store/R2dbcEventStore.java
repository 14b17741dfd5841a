package io.flowproof.infra.store;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.ingest.BatchKey;
import io.flowproof.domain.ingest.IngestCommit;
import io.flowproof.domain.ingest.KeyedAppend;
import io.flowproof.domain.ingest.PendingEvaluation;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.EventStore;
import io.flowproof.infra.json.WireJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Events in Postgres. A batch is written with three set-based statements in one transaction
 * ({@code INSERT ... SELECT FROM unnest(arrays)}): one round trip per table instead of one per row, and a
 * constant SQL text the driver prepares once. Node upserts are sorted by key and pending evaluations by
 * run, so concurrent batches take row locks in the same order and cannot deadlock.
 */
public final class R2dbcEventStore implements EventStore {

    private static final String INSERT_EVENTS = """
            INSERT INTO events (id, flow, node_id, run_id, type, data, ts)
            SELECT id, flow, node_id, run_id, type, data::json, ts
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[])
                 AS t(id, flow, node_id, run_id, type, data, ts)
            """;

    /** Event upserts never touch manual nodes, nor a node's flow, handler or handler input. */
    private static final String UPSERT_NODES = """
            INSERT INTO nodes (flow, id, type, source, description, dep_ids, filter, validator, conditions,
                               additional_meta, created_at, updated_at)
            SELECT flow, id, type, 'code', description, dep_ids::jsonb, filter::jsonb, validator::jsonb,
                   conditions::jsonb, additional_meta::jsonb, $10, NULL
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[])
                 AS t(flow, id, type, description, dep_ids, filter, validator, conditions, additional_meta)
            ON CONFLICT (flow, id) DO UPDATE SET
                type = EXCLUDED.type, source = 'code', description = EXCLUDED.description,
                dep_ids = EXCLUDED.dep_ids, filter = EXCLUDED.filter, validator = EXCLUDED.validator,
                conditions = EXCLUDED.conditions, additional_meta = EXCLUDED.additional_meta,
                updated_at = $10, deleted_at = NULL
            WHERE nodes.source <> 'manual'
            """;

    private static final String ENQUEUE_EVALUATIONS = """
            INSERT INTO pending_evaluations (run_id, flow, trigger_ev_id, enqueued_at)
            SELECT run_id, flow, trigger_ev_id, now()
            FROM unnest($1::text[], $2::text[], $3::text[]) AS t(run_id, flow, trigger_ev_id)
            ON CONFLICT (run_id, flow) DO UPDATE SET version = pending_evaluations.version + 1
            """;

    /** Waits for a concurrent transaction holding the same key, then inserts nothing if that one committed. */
    private static final String RECORD_KEY = """
            INSERT INTO ingest_batches (idempotency_key, fingerprint, accepted, accepted_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

    private static final String RECORDED_KEY =
            "SELECT fingerprint, accepted, accepted_at FROM ingest_batches WHERE idempotency_key = $1";

    private static final String FORGET_KEYS = "DELETE FROM ingest_batches WHERE accepted_at < $1";

    private static final String RUN_EVENTS = "SELECT " + Rows.EVENT_COLUMNS
            + " FROM events WHERE run_id = $1 AND flow = $2 ORDER BY ts, seq";

    private static final String RUNS_EVENTS = "SELECT " + prefixed("e.", Rows.EVENT_COLUMNS) + """
             FROM unnest($1::text[], $2::text[]) AS r(run_id, flow)
            JOIN events e ON e.run_id = r.run_id AND e.flow = r.flow
            ORDER BY e.ts, e.seq
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KnownNodes knownNodes;

    public R2dbcEventStore(DatabaseClient db, TransactionalOperator tx, KnownNodes knownNodes) {
        this.db = db;
        this.tx = tx;
        this.knownNodes = knownNodes;
    }

    @Override
    public Mono<Void> append(IngestCommit commit) {
        List<NodeDefinition> changedNodes = changedNodes(commit);
        return write(commit, changedNodes)
                .as(tx::transactional)
                .doOnSuccess(done -> knownNodes.remember(changedNodes))
                .onErrorMap(StoreErrors::translate);
    }

    /**
     * The key row is inserted first, in the batch's transaction: a second request with the same key blocks on the
     * unique index until the first commits (then finds its row) or rolls back (then stores the batch itself).
     */
    @Override
    public Mono<KeyedAppend> appendOnce(BatchKey key, IngestCommit commit) {
        List<NodeDefinition> changedNodes = changedNodes(commit);
        Mono<KeyedAppend> appendOrReplay = db.sql(RECORD_KEY)
                .bind(0, key.key()).bind(1, key.fingerprint()).bind(2, commit.events().size())
                .bind(3, Rows.offset(commit.acceptedAt()))
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 1
                        ? write(commit, changedNodes).thenReturn(new KeyedAppend(commit.events().size(), commit.acceptedAt(), false))
                        : recorded(key));
        return appendOrReplay
                .as(tx::transactional)
                .doOnSuccess(result -> {
                    if (result != null && !result.replayed()) {
                        knownNodes.remember(changedNodes);
                    }
                })
                .onErrorMap(StoreErrors::translate);
    }

    private Mono<KeyedAppend> recorded(BatchKey key) {
        return db.sql(RECORDED_KEY).bind(0, key.key())
                .map(row -> {
                    if (!key.fingerprint().equals(row.get("fingerprint", String.class))) {
                        throw new DomainException.Invalid(BatchKey.LOCATION, "Idempotency-Key '" + key.key()
                                + "' was already used for a different request body; use a new key for a new batch");
                    }
                    return new KeyedAppend(row.get("accepted", Integer.class),
                            row.get("accepted_at", OffsetDateTime.class).toInstant(), true);
                })
                .one();
    }

    @Override
    public Mono<Long> forgetBatchKeys(Instant acceptedBefore) {
        return db.sql(FORGET_KEYS).bind(0, Rows.offset(acceptedBefore)).fetch().rowsUpdated()
                .onErrorMap(StoreErrors::translate);
    }

    private List<NodeDefinition> changedNodes(IngestCommit commit) {
        return commit.nodeUpserts().stream()
                .filter(node -> !knownNodes.isCurrent(node))
                .sorted(Comparator.comparing(NodeDefinition::flow).thenComparing(NodeDefinition::id))
                .toList();
    }

    private Mono<Void> write(IngestCommit commit, List<NodeDefinition> changedNodes) {
        return insertEvents(commit.events())
                .then(upsertNodes(changedNodes))
                .then(enqueue(commit.evaluations()));
    }

    private Mono<Void> insertEvents(List<Event> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] flows = new String[n];
        String[] nodes = new String[n];
        String[] runs = new String[n];
        String[] types = new String[n];
        String[] data = new String[n];
        Long[] ts = new Long[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            ids[i] = UUID.fromString(e.id());
            flows[i] = e.flow();
            nodes[i] = e.nodeId();
            runs[i] = e.runId();
            types[i] = e.type().wireName();
            data[i] = WireJson.write(e.data());
            ts[i] = e.ts();
        }
        return db.sql(INSERT_EVENTS).bind(0, ids).bind(1, flows).bind(2, nodes).bind(3, runs).bind(4, types)
                .bind(5, data).bind(6, ts).then();
    }

    private Mono<Void> upsertNodes(List<NodeDefinition> nodes) {
        if (nodes.isEmpty()) {
            return Mono.empty();
        }
        int n = nodes.size();
        String[][] columns = new String[9][n];
        for (int i = 0; i < n; i++) {
            NodeDefinition node = nodes.get(i);
            columns[0][i] = node.flow();
            columns[1][i] = node.id();
            columns[2][i] = node.type().wireName();
            columns[3][i] = node.description();
            columns[4][i] = WireJson.write(node.depIds());
            columns[5][i] = Rows.jsonOrNull(WireJson.expr(node.filter()));
            columns[6][i] = Rows.jsonOrNull(WireJson.expr(node.validator()));
            columns[7][i] = WireJson.write(WireJson.conditions(node.conditionsOrEmpty()));
            columns[8][i] = Rows.jsonOrNull(node.additionalMeta());
        }
        var spec = db.sql(UPSERT_NODES);
        for (int c = 0; c < columns.length; c++) {
            spec = spec.bind(c, columns[c]);
        }
        return spec.bind(9, Rows.offset(nodes.get(0).createdAt())).then();
    }

    private Mono<Void> enqueue(List<PendingEvaluation> evaluations) {
        if (evaluations.isEmpty()) {
            return Mono.empty();
        }
        List<PendingEvaluation> sorted = new ArrayList<>(evaluations);
        sorted.sort(Comparator.comparing((PendingEvaluation p) -> p.run().runId()).thenComparing(p -> p.run().flow()));
        int n = sorted.size();
        String[] runs = new String[n];
        String[] flows = new String[n];
        String[] triggers = new String[n];
        for (int i = 0; i < n; i++) {
            runs[i] = sorted.get(i).run().runId();
            flows[i] = sorted.get(i).run().flow();
            triggers[i] = sorted.get(i).triggerEvId();
        }
        return db.sql(ENQUEUE_EVALUATIONS).bind(0, runs).bind(1, flows).bind(2, triggers).then();
    }

    @Override
    public Flux<Event> runEvents(RunRef run) {
        return db.sql(RUN_EVENTS).bind(0, run.runId()).bind(1, run.flow())
                .map(Rows::event).all()
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<Map<RunRef, List<Event>>> runsEvents(Collection<RunRef> runs) {
        String[] runIds = runs.stream().map(RunRef::runId).toArray(String[]::new);
        String[] flows = runs.stream().map(RunRef::flow).toArray(String[]::new);
        return db.sql(RUNS_EVENTS).bind(0, runIds).bind(1, flows)
                .map(Rows::event).all()
                .collect(LinkedHashMap<RunRef, List<Event>>::new,
                        (map, event) -> map.computeIfAbsent(new RunRef(event.runId(), event.flow()), k -> new ArrayList<>()).add(event))
                .<Map<RunRef, List<Event>>>map(map -> map)
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Flux<Event> list(String flow, String nodeId, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT ").append(Rows.EVENT_COLUMNS).append(" FROM events");
        List<Object> args = new ArrayList<>();
        if (flow != null) {
            args.add(flow);
            sql.append(" WHERE flow = $").append(args.size());
        }
        if (nodeId != null) {
            args.add(nodeId);
            sql.append(flow == null ? " WHERE" : " AND").append(" node_id = $").append(args.size());
        }
        args.add(limit);
        args.add(offset);
        sql.append(" ORDER BY ts DESC, seq DESC LIMIT $").append(args.size() - 1).append(" OFFSET $").append(args.size());
        var spec = db.sql(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            spec = spec.bind(i, args.get(i));
        }
        return spec.map(Rows::event).all().onErrorMap(StoreErrors::translate);
    }

    private static String prefixed(String prefix, String columns) {
        StringBuilder out = new StringBuilder();
        for (String column : columns.split(",\\s*")) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(prefix).append(column);
        }
        return out.toString();
    }
}
