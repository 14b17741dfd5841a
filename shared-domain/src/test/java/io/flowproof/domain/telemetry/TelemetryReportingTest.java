package io.flowproof.domain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.EvaluatePending;
import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.evaluation.EvaluationException;
import io.flowproof.domain.evaluation.Evaluator;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.ingest.IngestEvents;
import io.flowproof.domain.ingest.IngestItem;
import io.flowproof.domain.ingest.PendingEvaluation;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.EvaluationQueue;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.domain.port.Telemetry.BatchRefusal;
import io.flowproof.domain.port.Telemetry.EvaluationMode;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The use cases tell {@link Telemetry} what operators count: once per batch, once per evaluated run. */
class TelemetryReportingTest {

    private static final long TS = 1_700_000_000_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneOffset.UTC);
    private static final RunRef RUN = new RunRef("r1", "f");
    private static final List<NodeDefinition> NODES = List.of(NodeDefinition.of("f", "a", NodeType.ACT, List.of()));

    private final List<String> told = new CopyOnWriteArrayList<>();
    private final Telemetry telemetry = new Telemetry() {
        @Override
        public void batchAccepted(int events) {
            told.add("accepted " + events);
        }

        @Override
        public void batchRefused(BatchRefusal reason) {
            told.add("refused " + reason);
        }

        @Override
        public void runEvaluated(EvaluationMode mode, RunRef run, EvalStatus status, long nanos) {
            told.add("evaluated " + mode + " " + run.runId() + " " + status + (nanos > 0 ? " timed" : " untimed"));
        }

        @Override
        public void runNotEvaluated(EvaluationMode mode, RunRef run, EvaluationException.Reason reason) {
            told.add("not evaluated " + mode + " " + run.runId() + " " + reason);
        }
    };

    /** A port implemented by a map of method name to answer (the rest throws). */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> port, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answer.apply(args);
        });
    }

    private static IngestItem item(String runId, String node) {
        return new IngestItem("f", node, runId, NodeType.ACT, Map.of(), TS, null, List.of(), null, null, null, null);
    }

    private static Evaluator evaluator() {
        long[] clock = {0};
        return new Evaluator(new Expressions(List.of()), () -> clock[0] += 1_000);
    }

    private final EventStore events = fake(EventStore.class, Map.of(
            "runEvents", args -> Flux.just(new Event("e1", "f", "a", ((RunRef) args[0]).runId(), NodeType.ACT, Map.of(), TS)),
            "runsEvents", args -> Mono.just(Map.of(RUN, List.of(new Event("e1", "f", "a", "r1", NodeType.ACT, Map.of(), TS))))));
    private final NodeStore nodes = fake(NodeStore.class, Map.of(
            "activeNodes", args -> args[0] instanceof String ? Flux.fromIterable(NODES) : Mono.just(Map.of("f", NODES))));
    private final EvalOutputStore outputs = fake(EvalOutputStore.class, Map.of("insert", args -> Mono.just(args[0])));

    @Test
    void ingestReportsOneAcceptedBatchWithItsEventCountNotOneCallPerEvent() {
        EventStore store = fake(EventStore.class, Map.of("append", args -> Mono.empty()));
        IngestEvents ingest = new IngestEvents(store, CLOCK, UUID::randomUUID, telemetry);

        StepVerifier.create(ingest.ingest(List.of(item("r1", "a"), item("r1", "b"), item("r2", "a")))).expectNextCount(1).verifyComplete();

        assertThat(told).containsExactly("accepted 3");
    }

    @Test
    void ingestReportsABatchTheDatabaseRefusedAsUnavailable() {
        EventStore down = fake(EventStore.class, Map.of("append", args -> Mono.error(new DomainException.Unavailable("down", null))));
        IngestEvents ingest = new IngestEvents(down, CLOCK, UUID::randomUUID, telemetry);

        StepVerifier.create(ingest.ingest(List.of(item("r1", "a")))).expectError(DomainException.Unavailable.class).verify();

        assertThat(told).containsExactly("refused UNAVAILABLE");
    }

    @Test
    void anEmptyBatchReportsNothing() {
        IngestEvents ingest = new IngestEvents(fake(EventStore.class, Map.of()), CLOCK, UUID::randomUUID, telemetry);

        StepVerifier.create(ingest.ingest(List.of())).expectNextCount(1).verifyComplete();

        assertThat(told).isEmpty();
    }

    @Test
    void runEvalReportsStatusAndTheEvaluatorsOwnDurationOnDemand() {
        EvaluateRun evaluate = new EvaluateRun(events, nodes, outputs, evaluator(), CLOCK, UUID::randomUUID,
                n -> Mono.empty(), telemetry);

        StepVerifier.create(evaluate.evaluate(RUN, null)).expectNextCount(1).verifyComplete();
        StepVerifier.create(evaluate.preview(RUN, null, EvaluationMode.ENSURE)).expectNextCount(1).verifyComplete();

        assertThat(told).containsExactly("evaluated ON_DEMAND r1 PASSED timed", "evaluated ENSURE r1 PASSED timed");
    }

    @Test
    void aRunThatCannotBeEvaluatedIsReportedWithItsReason() {
        NodeStore none = fake(NodeStore.class, Map.of("activeNodes", args -> Flux.empty()));
        EvaluateRun evaluate = new EvaluateRun(events, none, outputs, evaluator(), CLOCK, UUID::randomUUID, n -> Mono.empty(), telemetry);

        StepVerifier.create(evaluate.evaluate(RUN, null)).expectError(EvaluationException.class).verify();

        assertThat(told).containsExactly("not evaluated ON_DEMAND r1 NO_NODES");
    }

    @Test
    void autoEvaluationReportsEachRunOfAChunk() {
        boolean[] claimed = {false};
        EvaluationQueue queue = fake(EvaluationQueue.class, Map.of(
                "claim", args -> {
                    List<PendingEvaluation> chunk = claimed[0] ? List.of() : List.of(new PendingEvaluation(RUN, "e1", 1));
                    claimed[0] = true;
                    return Mono.just(chunk);
                },
                "complete", args -> Mono.empty()));
        EvaluatePending pending = new EvaluatePending(queue, events, nodes, evaluator(), CLOCK, UUID::randomUUID, p -> { },
                n -> Mono.empty(), telemetry);

        StepVerifier.create(pending.drain(10)).expectNext(1).verifyComplete();

        assertThat(told).containsExactly("evaluated AUTO r1 PASSED timed");
    }

    @Test
    void noneIsFreeToCallAndMeasuresNothing() {
        assertThat(Telemetry.NONE.nanoTime()).isZero();
        Telemetry.NONE.batchAccepted(1);
        Telemetry.NONE.runEvaluated(EvaluationMode.AUTO, RUN, EvalStatus.PASSED, 1);
    }
}
