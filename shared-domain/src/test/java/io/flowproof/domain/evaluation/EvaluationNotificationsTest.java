package io.flowproof.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.ingest.IngestCommit;
import io.flowproof.domain.ingest.PendingEvaluation;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.EvaluationQueue;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.Notifier.Notification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Which server paths notify, and with what (contract: flows-yaml.md §6, evaluation.md §8). */
class EvaluationNotificationsTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_100);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Flow f: {@code ok} (act) always passes; {@code check} (assert) passes when its event has ok == true. */
    private static final List<NodeDefinition> NODES = List.of(
            NodeDefinition.of("f", "ok", NodeType.ACT, List.of()),
            NodeDefinition.of("f", "check", NodeType.ASSERT, List.of()).withValidator(io.flowproof.domain.expression.Expr.cel("data.ok")));

    private final Map<RunRef, List<Event>> events = new HashMap<>();
    private final List<StoredEvalOutput> stored = new CopyOnWriteArrayList<>();
    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final Notifier notifier = notification -> Mono.fromRunnable(() -> sent.add(notification));

    private void run(String runId, boolean ok) {
        long ts = Fixtures.BASE;
        events.put(new RunRef(runId, "f"), List.of(
                new Event(runId + "-1", "f", "ok", runId, NodeType.ACT, Map.of(), ts),
                new Event(runId + "-2", "f", "check", runId, NodeType.ASSERT, Map.of("ok", ok), ts + 1)));
    }

    private final EventStore eventStore = new EventStore() {
        @Override
        public Mono<Void> append(IngestCommit commit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<Event> runEvents(RunRef run) {
            return Flux.fromIterable(events.getOrDefault(run, List.of()));
        }

        @Override
        public Mono<Map<RunRef, List<Event>>> runsEvents(Collection<RunRef> runs) {
            Map<RunRef, List<Event>> found = new HashMap<>();
            runs.forEach(run -> found.put(run, events.getOrDefault(run, List.of())));
            return Mono.just(found);
        }

        @Override
        public Flux<Event> list(String flow, String nodeId, int limit, int offset) {
            throw new UnsupportedOperationException();
        }
    };

    private final NodeStore nodeStore = new NodeStore() {
        @Override
        public Flux<NodeDefinition> activeNodes(String flow) {
            return Flux.fromIterable(NODES);
        }

        @Override
        public Mono<Map<String, List<NodeDefinition>>> activeNodes(Collection<String> flows) {
            return Mono.just(Map.of("f", NODES));
        }

        @Override
        public Flux<NodeDefinition> allActive() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<NodeDefinition> withId(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<NodeDefinition> find(io.flowproof.domain.model.NodeKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<NodeDefinition> save(NodeDefinition node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Void> saveAll(Collection<NodeDefinition> nodes, Collection<io.flowproof.domain.model.NodeKey> softDeleted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<NodeDefinition> move(io.flowproof.domain.model.NodeKey from, NodeDefinition node) {
            throw new UnsupportedOperationException();
        }
    };

    private final EvalOutputStore outputStore = new EvalOutputStore() {
        @Override
        public Mono<StoredEvalOutput> insert(StoredEvalOutput output) {
            stored.add(output);
            return Mono.just(output);
        }

        @Override
        public Flux<StoredEvalOutput> list(Collection<String> flows, String triggerEvId, int limit, int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<StoredEvalOutput> createdSinceWithStatus(Instant since, Collection<String> statuses) {
            return Flux.fromIterable(stored).filter(row -> statuses.contains(row.output().status().wireName()));
        }

        @Override
        public Mono<Void> update(String id, EvalResult output, Instant updatedAt) {
            return Mono.fromRunnable(() -> stored.replaceAll(row -> row.id().equals(id)
                    ? new StoredEvalOutput(row.id(), row.flow(), row.runId(), row.triggerEvId(), output, row.createdAt(), updatedAt, null)
                    : row));
        }

        @Override
        public Mono<StoredEvalOutput> latest(String runId, String flow) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<StoredEvalOutput> ofRun(String runId, String flow) {
            throw new UnsupportedOperationException();
        }
    };

    private EvaluateRun evaluateRun(Notifier with) {
        return new EvaluateRun(eventStore, nodeStore, outputStore, Fixtures.evaluator(), CLOCK, UUID::randomUUID, with);
    }

    private static EvalResult withStatus(EvalStatus status) {
        return new EvalResult(status, 0, Map.of(), List.of(), List.of());
    }

    private void storedRow(String runId, EvalStatus status) {
        stored.add(new StoredEvalOutput(runId + "-row", "f", runId, null, withStatus(status), NOW, null, null));
    }

    @Test
    void runEvalNotifiesAFailedResultOnly() {
        run("bad", false);
        run("good", true);

        StepVerifier.create(evaluateRun(notifier).evaluate(new RunRef("bad", "f"), null).map(EvalResult::status))
                .expectNext(EvalStatus.FAILED).verifyComplete();
        StepVerifier.create(evaluateRun(notifier).evaluate(new RunRef("good", "f"), null).map(EvalResult::status))
                .expectNext(EvalStatus.PASSED).verifyComplete();
        StepVerifier.create(evaluateRun(notifier).preview(new RunRef("bad", "f"), null)).expectNextCount(1).verifyComplete();

        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.flow()).isEqualTo("f");
            assertThat(n.runId()).isEqualTo("bad");
            assertThat(n.status()).isEqualTo("failed");
            assertThat(n.transition()).isNull();
            assertThat(n.ensureRunId()).isNull();
            assertThat(n.result().status()).isEqualTo(EvalStatus.FAILED);
        });
        assertThat(stored).hasSize(2);
    }

    @Test
    void aFailingNotifierNeverFailsTheEvaluation() {
        run("bad", false);
        Notifier broken = n -> Mono.error(new IllegalStateException("slack down"));

        StepVerifier.create(evaluateRun(broken).evaluate(new RunRef("bad", "f"), null).map(EvalResult::status))
                .expectNext(EvalStatus.FAILED).verifyComplete();
        assertThat(stored).hasSize(1);
    }

    @Test
    void reevaluationNotifiesResolutionsAndNewFailures() {
        run("resolved", true);
        storedRow("resolved", EvalStatus.FAILED);
        run("broke", false);
        storedRow("broke", EvalStatus.RUNNING);
        run("still_failed", false);
        storedRow("still_failed", EvalStatus.FAILED);
        run("still_running_to_passed", true);
        storedRow("still_running_to_passed", EvalStatus.RUNNING);
        var reevaluate = new ReevaluateRunningFlows(outputStore, evaluateRun(notifier), CLOCK, notifier);

        StepVerifier.create(reevaluate.reevaluate(Duration.ofDays(1)).map(ReevaluateRunningFlows.Summary::updated))
                .expectNext(3).verifyComplete();

        assertThat(sent).extracting(Notification::runId, Notification::status, Notification::transition).containsExactly(
                org.assertj.core.groups.Tuple.tuple("resolved", "passed", "failed->passed"),
                org.assertj.core.groups.Tuple.tuple("broke", "failed", null));
    }

    @Test
    void autoEvaluationNotifiesStoredFailures() {
        run("bad", false);
        run("good", true);
        List<List<StoredEvalOutput>> completed = new ArrayList<>();
        EvaluationQueue queue = new EvaluationQueue() {
            private boolean claimed;

            @Override
            public Mono<List<PendingEvaluation>> claim(int limit, Instant now, Instant leaseUntil) {
                if (claimed) {
                    return Mono.just(List.of());
                }
                claimed = true;
                return Mono.just(List.of(new PendingEvaluation(new RunRef("bad", "f"), "bad-1", 1),
                        new PendingEvaluation(new RunRef("good", "f"), "good-1", 1)));
            }

            @Override
            public Mono<Void> complete(List<PendingEvaluation> claimedRuns, List<StoredEvalOutput> outputs) {
                return Mono.fromRunnable(() -> completed.add(outputs));
            }

            @Override
            public Mono<Long> size() {
                return Mono.just(0L);
            }
        };
        var pending = new EvaluatePending(queue, eventStore, nodeStore, Fixtures.evaluator(), CLOCK, UUID::randomUUID,
                problem -> { }, notifier);

        StepVerifier.create(pending.drain(10)).expectNext(2).verifyComplete();

        assertThat(completed).singleElement().asList().hasSize(2);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.runId()).isEqualTo("bad");
            assertThat(n.status()).isEqualTo("failed");
        });
    }
}
