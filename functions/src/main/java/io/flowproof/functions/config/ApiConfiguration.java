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
import io.flowproof.functions.api.ApiKeys;
import io.flowproof.functions.api.ApiRequest;
import io.flowproof.functions.api.ApiResponse;
import io.flowproof.functions.api.ApiRouter;
import io.flowproof.functions.api.Cors;
import io.flowproof.functions.api.Route;
import io.flowproof.functions.api.RouteSet;
import io.flowproof.functions.api.V1Api;
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
    @ConditionalOnProperty(name = "flowproof.evaluation-mode", havingValue = "async", matchIfMissing = true)
    EvaluationWorker evaluationWorker(EvaluatePending evaluatePending) {
        return new EvaluationWorker(evaluatePending, Duration.ofSeconds(5));
    }

    @Bean
    V1Api v1Api(IngestEvents ingestEvents, ObjectProvider<EvaluationWorker> worker, EvaluatePending evaluatePending,
            EvaluateRun evaluateRun, ReevaluateRunningFlows reevaluate, CreateNode createNode, UpdateNode updateNode,
            DeleteNode deleteNode, ScanNodes scanNodes, EventStore events, NodeStore nodes, EvalOutputStore outputs,
            Clock clock, FlowproofProperties properties) {
        EvaluationWorker background = worker.getIfAvailable();
        Function<IngestReceipt, Mono<Void>> afterIngest = background != null
                ? background::afterIngest
                : receipt -> evaluatePending.drain(256)
                        .doOnError(e -> log.warn("Auto-evaluation failed; the queue keeps the request: {}", e.toString()))
                        .onErrorResume(e -> Mono.just(0))
                        .then();
        String version = ApiConfiguration.class.getPackage().getImplementationVersion();
        return new V1Api(ingestEvents, afterIngest, evaluateRun, reevaluate, createNode, updateNode, deleteNode, scanNodes,
                events, nodes, outputs, clock, version == null ? "dev" : version, properties.maxBatchItems());
    }

    @Bean
    ApiRouter apiRouter(List<RouteSet> routeSets, ApiKeySource apiKey, FlowproofProperties properties) {
        List<Route> routes = routeSets.stream().flatMap(set -> set.routes().stream()).toList();
        return new ApiRouter(routes, new ApiKeys(List.of(apiKey.key())), new Cors(properties.corsAllowedOrigins()),
                error -> log.error("Unexpected error while handling a request", error));
    }

    /** Cloud function: serves {@code GET /v1/status} and {@code POST /v1/events-batch} (what the SDKs call). */
    @Bean
    Function<ApiRequest, Mono<ApiResponse>> ingest(ApiRouter router) {
        return request -> router.handle(request, V1Api.INGEST);
    }

    /** Cloud function: serves the read, evaluation and node endpoints (what the UI and CLI call). */
    @Bean
    Function<ApiRequest, Mono<ApiResponse>> evaluate(ApiRouter router) {
        return request -> router.handle(request, V1Api.EVALUATE);
    }
}
