package io.flowproof.bench;

import io.flowproof.domain.ensure.AdvanceEnsures;
import io.flowproof.domain.ensure.EnsureDriver;
import io.flowproof.domain.ensure.EnsureOptions;
import io.flowproof.domain.ensure.EnsureOrigin;
import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.ensure.Templates;
import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.evaluation.Evaluator;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.ingest.IngestCommit;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.Times;
import io.flowproof.infra.store.KnownNodes;
import io.flowproof.infra.store.R2dbcEnsureRunStore;
import io.flowproof.infra.store.R2dbcEvalOutputStore;
import io.flowproof.infra.store.R2dbcEventStore;
import io.flowproof.infra.store.R2dbcNodeStore;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One ensure poll tick over 10,000 waiting runs, the way the {@code poll} function runs it: the same use case
 * ({@link AdvanceEnsures} with the app's chunk size and workers), the same Postgres stores, a pooled connection to the
 * app's own database, a separate process from the app (as a Lambda is). The runs are seeded as already triggered and
 * waiting for an event that never comes, so every tick re-evaluates all of them and writes an evaluate step each.
 */
final class PollTickBench {

    /** EnsureConfiguration's CHUNK / WORKERS / TRIGGER_CONCURRENCY. */
    private static final int CHUNK = 500;
    private static final int WORKERS = 2;
    private static final int TRIGGER_CONCURRENCY = 16;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    record Outcome(List<Long> tickMillis, List<Integer> advanced, long seedMillis) {

        /** Median of the ticks after the two warm-up ticks. */
        long steadyMedianMillis() {
            List<Long> steady = new ArrayList<>(tickMillis.subList(Math.min(2, tickMillis.size() - 1), tickMillis.size()));
            steady.sort(Long::compare);
            return steady.get(steady.size() / 2);
        }
    }

    private PollTickBench() {
    }

    static Outcome run(int postgresPort, int runs, int ticks) {
        ConnectionPool pool = (ConnectionPool) ConnectionFactories.get(
                "r2dbc:pool:postgresql://postgres@127.0.0.1:" + postgresPort + "/flowproof?maxSize=10&initialSize=2");
        try {
            DatabaseClient db = DatabaseClient.create(pool);
            TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
            Clock clock = Clock.systemUTC();
            KnownNodes known = new KnownNodes(System::nanoTime);
            R2dbcEnsureRunStore store = new R2dbcEnsureRunStore(db, tx);
            R2dbcEventStore events = new R2dbcEventStore(db, tx, known);
            R2dbcNodeStore nodes = new R2dbcNodeStore(db, tx, known, clock);
            Expressions expressions = new Expressions(List.of(new CelExpressionEngine(), new JsExpressionEngine(), new PythonExpressionEngine()));
            EvaluateRun evaluateRun = new EvaluateRun(events, nodes, new R2dbcEvalOutputStore(db), new Evaluator(expressions, System::nanoTime),
                    clock, UUID::randomUUID);
            List<String> problems = new ArrayList<>();
            EnsureDriver driver = new EnsureDriver(store, nodes, events, evaluateRun, expressions,
                    new Templates(key -> Mono.empty(), name -> null), List.of(), notification -> Mono.empty(), clock, UUID::randomUUID,
                    Duration.ofSeconds(60), problems::add);
            AdvanceEnsures poller = new AdvanceEnsures(store, evaluateRun, driver, UUID::randomUUID, CHUNK, WORKERS, TRIGGER_CONCURRENCY,
                    problems::add);

            String flow = "polltick";
            nodes.save(trigger(flow)).block(Duration.ofSeconds(30));
            nodes.save(awaited(flow)).block(Duration.ofSeconds(30));
            long seeding = System.nanoTime();
            seedWaitingRuns(store, events, flow, runs, clock.instant());
            long seedMillis = (System.nanoTime() - seeding) / 1_000_000;
            db.sql("VACUUM ANALYZE ensure_runs").then().block(Duration.ofMinutes(2));

            List<Long> millis = new ArrayList<>();
            List<Integer> advanced = new ArrayList<>();
            for (int tick = 0; tick < ticks; tick++) {
                long started = System.nanoTime();
                PollSummary summary = poller.advanceDue().block(Duration.ofMinutes(5));
                long ms = (System.nanoTime() - started) / 1_000_000;
                millis.add(ms);
                advanced.add(summary == null ? 0 : summary.advanced());
                Bench.log(String.format("poll tick %d: advanced %,d waiting runs in %,d ms", tick + 1, summary == null ? 0 : summary.advanced(), ms));
                // each run is due again one poll interval after it was advanced; the last ones at the tick's end
                sleepUntil(System.nanoTime() + POLL_INTERVAL.toNanos() + 150_000_000L);
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("The poller reported problems: " + problems.subList(0, Math.min(5, problems.size())));
            }
            return new Outcome(millis, advanced, seedMillis);
        } finally {
            pool.dispose();
        }
    }

    /** {@code n} runs already triggered and waiting (due now), each with its trigger event stored. */
    private static void seedWaitingRuns(R2dbcEnsureRunStore store, R2dbcEventStore events, String flow, int n, Instant now) {
        EnsureOptions options = new EnsureOptions(Duration.ofMinutes(30), POLL_INTERVAL, RetryPolicy.DEFAULT);
        List<EnsureRun> created = new ArrayList<>(n);
        List<Event> triggerEvents = new ArrayList<>(n);
        String prefix = "pt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < n; i++) {
            String runId = prefix + i;
            String eventId = UUID.randomUUID().toString();
            created.add(EnsureRun.pending(UUID.randomUUID().toString(), flow, EnsureOrigin.API, null, options, List.of("kick"), now).edit()
                    .state(EnsureState.WAITING).outputs(Map.of("kick", Map.of("id", runId))).runId(runId)
                    .triggerEventId(eventId).build());
            triggerEvents.add(new Event(eventId, flow, "kick", runId, NodeType.TRIGGER, Map.of("id", runId), Times.epochNanos(now)));
        }
        events.append(new IngestCommit(triggerEvents, List.of(), List.of())).block(Duration.ofMinutes(2));
        Flux.fromIterable(created).flatMap(store::insert, 16).blockLast(Duration.ofMinutes(5));
    }

    /** An http_request trigger node (never fired here: the runs are seeded past it). */
    private static NodeDefinition trigger(String flow) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", "http://127.0.0.1:9/never-called");
        params.put("method", "POST");
        params.put("run_id_extractor", Map.of("engine", "python", "script", "output['id']"));
        return new NodeDefinition(flow, "kick", NodeType.TRIGGER, NodeSource.CODE, null, List.of(), null, null, List.of(), "http_request",
                Map.of("params", params), null, Instant.EPOCH, null, null);
    }

    /** A manual assert node after the trigger whose event never comes: the runs keep waiting (for up to 30 minutes). */
    private static NodeDefinition awaited(String flow) {
        return new NodeDefinition(flow, "done", NodeType.ASSERT, NodeSource.MANUAL, null, List.of("kick"), null, null,
                List.of(new Condition(Duration.ofMinutes(30).toMillis())), null, null,
                null, Instant.EPOCH, null, null);
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
