package io.flowproof.functions.config;

import io.flowproof.domain.evaluation.EvaluatePending;
import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.evaluation.ReevaluateRunningFlows;
import io.flowproof.domain.ingest.IngestEvents;
import io.flowproof.domain.ingest.IngestReceipt;
import io.flowproof.domain.node.CreateNode;
import io.flowproof.domain.node.DeleteNode;
import io.flowproof.domain.node.ScanNodes;
import io.flowproof.domain.node.UpdateNode;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.functions.telemetry.InvocationMetrics;
import io.flowproof.functions.api.ApiKeys;
import io.flowproof.functions.api.ApiRouter;
import io.flowproof.functions.api.Cors;
import io.flowproof.functions.api.RequestLimits;
import io.flowproof.functions.api.Route;
import io.flowproof.functions.api.RouteSet;
import io.flowproof.functions.api.V1Api;
import io.flowproof.functions.lambda.FunctionUrlAdapter;
import org.springframework.messaging.Message;
import io.flowproof.functions.local.EvaluationWorker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** The HTTP API (defined once in {@link ApiRouter}) and the function beans that serve it in the cloud. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    private static final Logger log = LoggerFactory.getLogger("io.flowproof.api");

    @Bean
    ApiKeySource apiKeySource(FlowproofProperties properties) {
        Path dataDir = properties.dataDir() != null ? properties.dataDir()
                : Path.of(System.getProperty("user.home"), ".flowproof");
        return ApiKeySource.resolve(properties.apiKey(), dataDir);
    }

    @Bean
    RequestLimits requestLimits(FlowproofProperties properties) {
        return properties.requestLimits();
    }

    @Bean
    @ConditionalOnProperty(name = "flowproof.evaluation-mode", havingValue = "async", matchIfMissing = true)
    EvaluationWorker evaluationWorker(EvaluatePending evaluatePending) {
        return new EvaluationWorker(evaluatePending, Duration.ofSeconds(5));
    }

    @Bean
    V1Api v1Api(IngestEvents ingestEvents, ObjectProvider<EvaluationWorker> worker, EvaluatePending evaluatePending,
            EvaluateRun evaluateRun, ReevaluateRunningFlows reevaluate, CreateNode createNode, UpdateNode updateNode,
            DeleteNode deleteNode, ScanNodes scanNodes, EventStore events, NodeStore nodes, EvalOutputStore outputs,
            Clock clock, RequestLimits limits, Telemetry telemetry) {
        EvaluationWorker background = worker.getIfAvailable();
        Function<IngestReceipt, Mono<Void>> afterIngest = background != null
                ? background::afterIngest
                : receipt -> evaluatePending.drain(256)
                        .doOnError(e -> log.warn("Auto-evaluation failed; the queue keeps the request: {}", e.toString()))
                        .onErrorResume(e -> Mono.just(0))
                        .then();
        String version = ApiConfiguration.class.getPackage().getImplementationVersion();
        return new V1Api(ingestEvents, afterIngest, evaluateRun, reevaluate, createNode, updateNode, deleteNode, scanNodes,
                events, nodes, outputs, clock, version == null ? "dev" : version, limits, telemetry);
    }

    @Bean
    ApiRouter apiRouter(List<RouteSet> routeSets, ApiKeySource apiKey, FlowproofProperties properties) {
        List<Route> routes = routeSets.stream().flatMap(set -> set.routes().stream()).toList();
        return new ApiRouter(routes, new ApiKeys(List.of(apiKey.key())), new Cors(properties.corsAllowedOrigins()),
                error -> log.error("Unexpected error while handling a request", error));
    }

    @Bean
    FunctionUrlAdapter functionUrlAdapter(ApiRouter router, RequestLimits limits) {
        return new FunctionUrlAdapter(router, limits.maxBodyBytes());
    }

    /**
     * Cloud function for the SDKs: {@code GET /v1/status} and {@code POST /v1/events-batch} (plus the public
     * {@code /} and {@code /health}), from a Lambda function-URL event.
     */
    @Bean
    Function<Message<byte[]>, Mono<Message<byte[]>>> ingest(FunctionUrlAdapter adapter, InvocationMetrics metrics) {
        return event -> metrics.around(adapter.handle(event, V1Api.INGEST));
    }

    /** Cloud function for the UI and CLI: the read, evaluation and node endpoints. */
    @Bean
    Function<Message<byte[]>, Mono<Message<byte[]>>> evaluate(FunctionUrlAdapter adapter, InvocationMetrics metrics) {
        return event -> metrics.around(adapter.handle(event, V1Api.EVALUATE));
    }
}
