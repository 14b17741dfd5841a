package io.flowproof.functions.config;

import io.flowproof.domain.evaluation.EvaluatePending;
import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.evaluation.Evaluator;
import io.flowproof.domain.evaluation.ReevaluateRunningFlows;
import io.flowproof.domain.expression.ExpressionEngine;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import io.flowproof.domain.ingest.IngestEvents;
import io.flowproof.domain.node.CreateNode;
import io.flowproof.domain.node.DeleteNode;
import io.flowproof.domain.node.ScanNodes;
import io.flowproof.domain.node.UpdateNode;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.EvaluationQueue;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.infra.store.KnownNodes;
import io.flowproof.infra.store.R2dbcEvalOutputStore;
import io.flowproof.infra.store.R2dbcEvaluationQueue;
import io.flowproof.infra.store.R2dbcEventStore;
import io.flowproof.infra.store.R2dbcFlowSettingsStore;
import io.flowproof.infra.store.R2dbcNodeStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Wires the domain's use cases to the Postgres adapters. */
@Configuration(proxyBeanMethods = false)
public class DomainConfiguration {

    private static final Logger log = LoggerFactory.getLogger("io.flowproof.evaluation");

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Supplier<UUID> idGenerator() {
        return new RandomIds();
    }

    @Bean
    Expressions expressions(List<ExpressionEngine> engines) {
        return new Expressions(engines);
    }

    @Bean
    CelExpressionEngine celExpressionEngine() {
        return new CelExpressionEngine();
    }

    @Bean
    JsExpressionEngine jsExpressionEngine() {
        return new JsExpressionEngine();
    }

    @Bean
    PythonExpressionEngine pythonExpressionEngine() {
        return new PythonExpressionEngine();
    }

    @Bean
    Evaluator evaluator(Expressions expressions) {
        return new Evaluator(expressions, System::nanoTime);
    }

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactions) {
        return TransactionalOperator.create(transactions);
    }

    @Bean
    KnownNodes knownNodes() {
        return new KnownNodes(System::nanoTime);
    }

    @Bean
    R2dbcEventStore eventStore(DatabaseClient db, TransactionalOperator tx, KnownNodes knownNodes) {
        return new R2dbcEventStore(db, tx, knownNodes);
    }

    @Bean
    R2dbcNodeStore nodeStore(DatabaseClient db, TransactionalOperator tx, KnownNodes knownNodes, Clock clock) {
        return new R2dbcNodeStore(db, tx, knownNodes, clock);
    }

    @Bean
    R2dbcEvalOutputStore evalOutputStore(DatabaseClient db) {
        return new R2dbcEvalOutputStore(db);
    }

    @Bean
    R2dbcEvaluationQueue evaluationQueue(DatabaseClient db, TransactionalOperator tx) {
        return new R2dbcEvaluationQueue(db, tx);
    }

    @Bean
    R2dbcFlowSettingsStore flowSettingsStore(DatabaseClient db) {
        return new R2dbcFlowSettingsStore(db);
    }

    @Bean
    IngestEvents ingestEvents(EventStore events, Clock clock, Supplier<UUID> ids, Telemetry telemetry) {
        return new IngestEvents(events, clock, ids, telemetry);
    }

    @Bean
    EvaluateRun evaluateRun(EventStore events, NodeStore nodes, EvalOutputStore outputs, Evaluator evaluator, Clock clock,
            Supplier<UUID> ids, Notifier notifier, Telemetry telemetry) {
        return new EvaluateRun(events, nodes, outputs, evaluator, clock, ids, notifier, telemetry);
    }

    @Bean
    EvaluatePending evaluatePending(EvaluationQueue queue, EventStore events, NodeStore nodes, Evaluator evaluator,
            Clock clock, Supplier<UUID> ids, Notifier notifier, Telemetry telemetry) {
        return new EvaluatePending(queue, events, nodes, evaluator, clock, ids, log::info, notifier, telemetry);
    }

    @Bean
    ReevaluateRunningFlows reevaluateRunningFlows(EvalOutputStore outputs, EvaluateRun evaluateRun, Clock clock,
            Notifier notifier) {
        return new ReevaluateRunningFlows(outputs, evaluateRun, clock, notifier);
    }

    @Bean
    CreateNode createNode(NodeStore nodes, Expressions expressions, Clock clock) {
        return new CreateNode(nodes, expressions, clock);
    }

    @Bean
    UpdateNode updateNode(NodeStore nodes, Expressions expressions, Clock clock) {
        return new UpdateNode(nodes, expressions, clock);
    }

    @Bean
    DeleteNode deleteNode(NodeStore nodes, Clock clock) {
        return new DeleteNode(nodes, clock);
    }

    @Bean
    ScanNodes scanNodes(NodeStore nodes, Clock clock) {
        return new ScanNodes(nodes, clock);
    }

}
