package io.flowproof.infra.store;

import io.flowproof.domain.ingest.PendingEvaluation;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.port.EvaluationQueue;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The auto-evaluation queue in Postgres. Claims lease rows with {@code FOR UPDATE SKIP LOCKED}, so any
 * number of workers (threads, processes, Lambdas) share it; a worker that dies leaves a lease that
 * expires and is claimed again. Completion removes a row only at the version that was evaluated.
 */
public final class R2dbcEvaluationQueue implements EvaluationQueue {

    private static final String CLAIM = """
            UPDATE pending_evaluations p SET leased_until = $2
            FROM (SELECT run_id, flow FROM pending_evaluations
                  WHERE leased_until IS NULL OR leased_until < $1
                  ORDER BY enqueued_at
                  LIMIT $3
                  FOR UPDATE SKIP LOCKED) due
            WHERE p.run_id = due.run_id AND p.flow = due.flow
            RETURNING p.run_id, p.flow, p.trigger_ev_id, p.version
            """;

    private static final String REMOVE_EVALUATED = """
            DELETE FROM pending_evaluations p
            USING unnest($1::text[], $2::text[], $3::int8[]) AS d(run_id, flow, version)
            WHERE p.run_id = d.run_id AND p.flow = d.flow AND p.version = d.version
            """;

    /** Requests touched again while they were evaluated stay, unleased, for one more evaluation. */
    private static final String RELEASE_REST = """
            UPDATE pending_evaluations p SET leased_until = NULL
            FROM unnest($1::text[], $2::text[]) AS d(run_id, flow)
            WHERE p.run_id = d.run_id AND p.flow = d.flow
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public R2dbcEvaluationQueue(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    @Override
    public Mono<List<PendingEvaluation>> claim(int limit, Instant now, Instant leaseUntil) {
        return db.sql(CLAIM).bind(0, Rows.offset(now)).bind(1, Rows.offset(leaseUntil)).bind(2, limit)
                .map(row -> new PendingEvaluation(new RunRef(row.get("run_id", String.class), row.get("flow", String.class)),
                        row.get("trigger_ev_id", String.class), row.get("version", Long.class)))
                .all().collectList()
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<Void> complete(List<PendingEvaluation> claimed, List<StoredEvalOutput> outputs) {
        int n = claimed.size();
        String[] runs = new String[n];
        String[] flows = new String[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            runs[i] = claimed.get(i).run().runId();
            flows[i] = claimed.get(i).run().flow();
            versions[i] = claimed.get(i).version();
        }
        return R2dbcEvalOutputStore.insertAll(db, outputs)
                .then(db.sql(REMOVE_EVALUATED).bind(0, runs).bind(1, flows).bind(2, versions).then())
                .then(db.sql(RELEASE_REST).bind(0, runs).bind(1, flows).then())
                .as(tx::transactional)
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<Long> size() {
        return db.sql("SELECT count(*) AS n FROM pending_evaluations").map(row -> row.get("n", Long.class)).one()
                .onErrorMap(StoreErrors::translate);
    }
}
