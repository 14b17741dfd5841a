package io.flowproof.infra.ensure;

import io.flowproof.domain.ensure.AdvanceEnsures;
import io.flowproof.domain.ensure.CancelEnsure;
import io.flowproof.domain.ensure.EnsureDriver;
import io.flowproof.domain.ensure.EnsureOrigin;
import io.flowproof.domain.ensure.FireSchedules;
import io.flowproof.domain.ensure.StartEnsure;
import io.flowproof.domain.ensure.Templates;
import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.evaluation.Evaluator;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import io.flowproof.domain.ingest.IngestEvents;
import io.flowproof.domain.ingest.IngestItem;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.TriggerExecutor;
import io.flowproof.infra.schedule.SpringCronCalculator;
import io.flowproof.infra.store.KnownNodes;
import io.flowproof.infra.store.R2dbcEnsureRunStore;
import io.flowproof.infra.store.R2dbcEvalOutputStore;
import io.flowproof.infra.store.R2dbcEventStore;
import io.flowproof.infra.store.R2dbcFlowSettingsStore;
import io.flowproof.infra.store.R2dbcNodeStore;
import io.flowproof.infra.store.StoreTestSupport;
import io.flowproof.infra.trigger.OutboundPolicy;
import io.flowproof.infra.trigger.ProcessCommandTrigger;
import io.flowproof.infra.trigger.WebClientHttpTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;

/**
 * The whole ensure machinery on the real Postgres stores, a real HTTP trigger against {@link TriggerTarget}, and a
 * {@link TestClock}. Each test uses flows of its own.
 */
abstract class EnsureTestSupport extends StoreTestSupport {

    static final Instant START = Instant.parse("2030-01-07T12:00:30Z");

    TestClock clock;
    TriggerTarget target;
    R2dbcEnsureRunStore runs;
    R2dbcEventStore events;
    R2dbcNodeStore nodes;
    R2dbcEvalOutputStore outputs;
    R2dbcFlowSettingsStore settings;
    IngestEvents ingest;
    EvaluateRun evaluateRun;
    Map<String, String> secrets = new ConcurrentHashMap<>();
    List<Notifier.Notification> notifications = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeEach
    void wire() {
        // each test starts from empty tables (the database is the test class's own)
        db.sql("TRUNCATE ensure_steps, ensure_runs, schedule_slots, events, nodes, eval_outputs, pending_evaluations, flow_settings")
                .then().block();
        clock = new TestClock(START);
        target = new TriggerTarget();
        KnownNodes known = new KnownNodes(System::nanoTime);
        runs = new R2dbcEnsureRunStore(db, tx);
        events = new R2dbcEventStore(db, tx, known);
        nodes = new R2dbcNodeStore(db, tx, known, clock);
        outputs = new R2dbcEvalOutputStore(db);
        settings = new R2dbcFlowSettingsStore(db);
        ingest = new IngestEvents(events, clock, UUID::randomUUID);
        Expressions expressions = new Expressions(List.of(new CelExpressionEngine(), new JsExpressionEngine(), new PythonExpressionEngine()));
        evaluateRun = new EvaluateRun(events, nodes, outputs, new Evaluator(expressions, System::nanoTime), clock, UUID::randomUUID);
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    EnsureDriver driver(List<TriggerExecutor> executors) {
        Expressions expressions = new Expressions(List.of(new CelExpressionEngine(), new JsExpressionEngine(), new PythonExpressionEngine()));
        Templates templates = new Templates(key -> Mono.justOrEmpty(secrets.get(key)), name -> name.equals("TARGET_PATH") ? "/env" : null);
        Notifier notifier = notification -> Mono.fromRunnable(() -> notifications.add(notification));
        return new EnsureDriver(runs, nodes, events, evaluateRun, expressions, templates, executors, notifier, clock, UUID::randomUUID,
                Duration.ofSeconds(60), problems::add);
    }

    EnsureDriver driver() {
        return driver(List.of(new WebClientHttpTrigger(new OutboundPolicy(List.of())), new ProcessCommandTrigger(true)));
    }

    StartEnsure starter(EnsureDriver driver) {
        return new StartEnsure(runs, nodes, settings, driver, UUID::randomUUID);
    }

    StartEnsure starter() {
        return starter(driver());
    }

    AdvanceEnsures poller(EnsureDriver driver) {
        return new AdvanceEnsures(runs, evaluateRun, driver, UUID::randomUUID, 200, 2, 8, problems::add);
    }

    AdvanceEnsures poller() {
        return poller(driver());
    }

    FireSchedules schedules() {
        return new FireSchedules(settings, nodes, runs, new SpringCronCalculator(), clock, UUID::randomUUID, Duration.ofMinutes(5),
                problems::add);
    }

    CancelEnsure canceller() {
        return new CancelEnsure(runs, clock);
    }

    StartEnsure.Command command(String flow, String key) {
        return new StartEnsure.Command(flow, key, null, null, EnsureOrigin.API);
    }

    /** An http_request trigger node calling {@code path} on the target; the run id is the response's {@code id}. */
    NodeDefinition httpTrigger(String flow, String id, String path, List<String> deps, Map<String, Object> extra) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", target.url(path));
        params.put("method", "POST");
        params.put("timeout_ms", 2_000L);
        params.put("run_id_extractor", Map.of("engine", "python", "script", "output['id']"));
        params.putAll(extra);
        return new NodeDefinition(flow, id, NodeType.TRIGGER, NodeSource.CODE, null, deps, null, null, List.of(), "http_request",
                Map.of("params", params), null, Instant.EPOCH, null, null);
    }

    /** An assert node after {@code dep} whose event must carry {@code ok == true} (it waits 10 s for its event). */
    NodeDefinition checkedAct(String flow, String id, String dep) {
        // manual, so the monitored application's events do not replace the validator
        return new NodeDefinition(flow, id, NodeType.ASSERT, NodeSource.MANUAL, null, List.of(dep), null,
                io.flowproof.domain.expression.Expr.cel("data.ok == true"), List.of(), null, null, null, Instant.EPOCH, null, null);
    }

    void save(NodeDefinition... definitions) {
        for (NodeDefinition node : definitions) {
            nodes.save(node).block();
        }
    }

    /** What a monitored application would send for its run. */
    void act(String flow, String node, String runId, boolean ok) {
        ingest.ingest(List.of(new IngestItem(flow, node, runId, NodeType.ACT, Map.of("ok", ok), io.flowproof.domain.model.Times.nowNanos(clock),
                null, List.of(), null, null, null, null))).block();
    }

    List<Map<String, Object>> rows(String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        db.sql(sql).fetch().all().doOnNext(rows::add).blockLast(Duration.ofSeconds(30));
        return rows;
    }
}
