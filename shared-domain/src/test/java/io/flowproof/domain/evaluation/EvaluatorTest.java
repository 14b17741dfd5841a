package io.flowproof.domain.evaluation;

import static io.flowproof.domain.evaluation.Fixtures.BASE;
import static io.flowproof.domain.evaluation.Fixtures.MS;
import static io.flowproof.domain.evaluation.Fixtures.RUN;
import static io.flowproof.domain.evaluation.Fixtures.act;
import static io.flowproof.domain.evaluation.Fixtures.assertion;
import static io.flowproof.domain.evaluation.Fixtures.event;
import static io.flowproof.domain.evaluation.Fixtures.evaluator;
import static io.flowproof.domain.evaluation.Fixtures.item;
import static io.flowproof.domain.evaluation.Fixtures.node;
import static io.flowproof.domain.evaluation.Fixtures.nodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of contract/evaluation.md §9 and the rules of §2–§7, with CEL expressions. */
class EvaluatorTest {

    private final Evaluator evaluator = evaluator();
    private final long now = BASE + 3_000 * MS;

    @Test
    void passesALinearFlowAndReportsGraphAndEventsInLayerOrder() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e3", "c", BASE + 2 * MS, Map.of("ok", true)), event("e1", "a", BASE), event("e2", "b", BASE + MS)),
                nodes(act("a"), act("b", "a"), assertion("c", "b").validator("data.ok == true")), now);

        assertThat(result.status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "a").message()).isEqualTo("Node validation passed");
        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "b").upstreamEvIds()).containsExactly("e1");
        assertThat(item(result, "c").message()).isEqualTo("Validator passed");
        assertThat(result.evIds()).containsExactly("e1", "e2", "e3");
        assertThat(result.graph()).containsExactly(Map.entry("a", List.of()), Map.entry("b", List.of("a")), Map.entry("c", List.of("b")));
        assertThat(result.execInfo()).extracting(NodeExecInfo::nodeId).containsExactly("a", "b", "c");
    }

    @Test
    void failsTheRunWhenAValidatorFailsButKeepsEvaluatingDownstream() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS, Map.of("amount", 0L)), event("e3", "c", BASE + 2 * MS)),
                nodes(act("a"), assertion("b", "a").validator("data.amount > 0"), act("c", "b")), now);

        assertThat(result.status()).isEqualTo(EvalStatus.FAILED);
        NodeExecInfo b = item(result, "b");
        assertThat(b.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(b.message()).isNull();
        assertThat(b.error()).isEqualTo("Validator assertion failed");
        assertThat(b.detail()).isNull();
        assertThat(item(result, "c").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "c").message()).isEqualTo("Node validation passed");
    }

    @Test
    void waitsForAMissingAssertWhileItsUpstreamIsRecent() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", now - 1_000 * MS)),
                nodes(act("a"), assertion("b", "a")), now);

        assertThat(result.status()).isEqualTo(EvalStatus.RUNNING);
        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.RUNNING);
        assertThat(item(result, "b").message()).isEqualTo("Waiting for event (1000ms / 10000ms elapsed, 9000ms remaining)");
        assertThat(item(result, "b").evIds()).isEmpty();
        assertThat(item(result, "b").upstreamEvIds()).isEmpty();
    }

    @Test
    void failsAMissingAssertOnceTheDefaultTimeoutHasPassed() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE)),
                nodes(act("a"), assertion("b", "a")), BASE + 10_000 * MS);

        assertThat(result.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "b").message()).isEqualTo("Timeout: No event received within 10000ms");
        assertThat(item(result, "b").error()).isNull();
    }

    @Test
    void usesTheFirstTruthyTimeoutOfAMissingNode() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", now - 2_000 * MS)),
                nodes(act("a"), assertion("b", "a").timeouts(0L, null, 1_500L, 99L)), now);

        assertThat(item(result, "b").message()).isEqualTo("Timeout: No event received within 1500ms");
    }

    @Test
    void treatsAnActWithConditionsLikeAnAssertAndOneWithoutAsSkipped() {
        var events = List.of(event("e1", "a", now - 100 * MS));
        var result = evaluator.evaluate(RUN, null, events,
                nodes(act("a"), act("b", "a").timeouts(5_000L), act("c", "a"), node("d", NodeType.HOOK, "a")), now);

        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.RUNNING);
        assertThat(item(result, "b").message()).startsWith("Waiting for event (100ms / 5000ms elapsed");
        assertThat(item(result, "c").status()).isEqualTo(EvalStatus.SKIPPED);
        assertThat(item(result, "c").message()).isEqualTo("No events for this node");
        assertThat(item(result, "d").message()).isEqualTo("No events for this node");
        assertThat(result.status()).isEqualTo(EvalStatus.RUNNING);
    }

    @Test
    void skipsAMissingAssertWhoseUpstreamHasNoEventsEither() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e0", "x", BASE)),
                nodes(node("x", NodeType.GENERIC), act("a"), assertion("b", "a"), act("c", "a").timeouts(10L)), now);

        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.SKIPPED);
        assertThat(item(result, "b").message()).isEqualTo("Waiting for upstream dependency");
        assertThat(item(result, "c").message()).isEqualTo("Waiting for upstream dependency");
        assertThat(result.status()).as("all skipped or passed gives passed").isEqualTo(EvalStatus.PASSED);
    }

    @Test
    void reportsSatisfiedTimeoutConditionsWithPythonFloatFormatting() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE), event("e2", "b", BASE + 1_500 * MS)),
                nodes(act("a"), act("b", "a").timeouts(5_000L)), now);

        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "b").message()).isEqualTo("Timeout satisfied: 1500.0ms <= 5000ms");
    }

    @Test
    void failsAnEventThatArrivedAfterItsTimeout() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE), event("e2", "b", BASE + 7_000 * MS)),
                nodes(act("a"), act("b", "a").timeouts(5_000L)), now + 10_000 * MS);

        assertThat(result.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "b").message()).isNull();
        assertThat(item(result, "b").error()).isEqualTo("Timeout exceeded: 7000.0ms > 5000ms");
    }

    @Test
    void keepsValidatorMessageWhenATimeoutIsExceeded() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE), event("e2", "b", BASE + 2_000 * MS)),
                nodes(act("a"), assertion("b", "a").validator("true").timeouts(1_000L)), now);

        NodeExecInfo b = item(result, "b");
        assertThat(b.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(b.message()).isEqualTo("Validator passed");
        assertThat(b.error()).isEqualTo("Timeout exceeded: 2000.0ms > 1000ms");
    }

    @Test
    void joinsSeveralExceededTimeoutsWithNewlinesAndFormatsFractions() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE), event("e2", "b", BASE + 1_234_567)),
                nodes(act("a"), act("b", "a").timeouts(1L, 0L)), now);

        assertThat(item(result, "b").error()).isEqualTo("Timeout exceeded: 1.234567ms > 1ms");

        var twice = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE), event("e2", "b", BASE + 5 * MS)),
                nodes(act("a"), act("b", "a").timeouts(1L, 2L)), now);
        assertThat(item(twice, "b").error()).isEqualTo("Timeout exceeded: 5.0ms > 1ms\nTimeout exceeded: 5.0ms > 2ms");
    }

    @Test
    void measuresTimeoutsFromTheLatestUpstreamEventAndAllowsNegativeDifferences() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE + 10 * MS), event("e2", "b", BASE + 5 * MS)),
                nodes(act("a"), act("b", "a").timeouts(1L)), now);

        assertThat(item(result, "b").message()).isEqualTo("Timeout satisfied: -5.0ms <= 1ms");
    }

    @Test
    void failsAnEventWhoseDependencyNeverHappened() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e2", "b", BASE)), nodes(act("a"), act("b", "a")), now);

        assertThat(result.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "a").status()).isEqualTo(EvalStatus.SKIPPED);
        assertThat(item(result, "a").message()).isEqualTo("No events for this node");
        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "b").message()).isEqualTo("No upstream events found for dependencies");
        assertThat(item(result, "b").error()).isNull();
    }

    @Test
    void letsAPassingValidatorBypassTheMissingUpstreamCheck() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e2", "b", BASE)),
                nodes(act("a"), act("b", "a").validator("true")), now);

        assertThat(result.status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "b").message()).isEqualTo("Validator passed");
    }

    @Test
    void dropsEventsTheFilterRejectsAsIfTheyNeverArrived() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS, Map.of("keep", false))),
                nodes(act("a"), assertion("b", "a").filter("data.keep == true")), now + 20_000 * MS);

        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "b").message()).isEqualTo("Timeout: No event received within 10000ms");
        assertThat(result.evIds()).containsExactly("e1");
    }

    @Test
    void dropsFilteredEventsFromDownstreamContext() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE, Map.of("k", 1L)), event("e2", "a", BASE + MS, Map.of("k", 2L)),
                        event("e3", "b", BASE + 2 * MS)),
                nodes(act("a").filter("data.k == 2"), act("b", "a").validator("size(ctx.deps) == 1 && ctx.data.k == 2")), now);

        assertThat(item(result, "a").evIds()).containsExactly("e2");
        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "b").upstreamEvIds()).containsExactly("e2");
    }

    @Test
    void colorsADiamondWithFailedAndRunningBranches() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", now - 500 * MS), event("e2", "b", now - 400 * MS)),
                nodes(act("a"), assertion("b", "a").validator("false"), assertion("c", "a"), assertion("d", "b", "c")), now);

        assertThat(result.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "c").status()).isEqualTo(EvalStatus.RUNNING);
        assertThat(item(result, "d").status()).isEqualTo(EvalStatus.RUNNING);
        assertThat(item(result, "d").message()).startsWith("Waiting for event (400ms / 10000ms");
    }

    @Test
    void evaluatesOnlyTheSubgraphBelowAStartNodeWithItsFilterCleared() {
        var result = evaluator.evaluate(RUN, "b",
                List.of(event("e1", "a", BASE), event("e2", "b", BASE + MS, Map.of("k", 1L)), event("e3", "c", BASE + 2 * MS)),
                nodes(act("a"), act("b", "a").filter("false"), assertion("c", "b").validator("ctx.data.k == 1")), now);

        assertThat(result.execInfo()).extracting(NodeExecInfo::nodeId).containsExactly("b", "c");
        assertThat(item(result, "b").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "b").depNodeIds()).isEmpty();
        assertThat(item(result, "c").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(result.graph()).containsExactly(Map.entry("b", List.of()), Map.entry("c", List.of("b")));
        assertThat(result.evIds()).containsExactly("e2", "e3");
    }

    @Test
    void rejectsCyclesUnknownStartNodesAndEmptyInputsWithTheContractMessages() {
        var events = List.of(event("e1", "a", BASE));
        assertThatThrownBy(() -> evaluator.evaluate(RUN, null, events, nodes(act("a", "b"), act("b", "a")), now))
                .isInstanceOf(EvaluationException.class).hasMessage("Graph has a cycle")
                .extracting(e -> ((EvaluationException) e).reason()).isEqualTo(EvaluationException.Reason.CYCLE);
        assertThatThrownBy(() -> evaluator.evaluate(RUN, null, events, nodes(act("a", "a")), now))
                .hasMessage("Graph has a cycle");
        assertThatThrownBy(() -> evaluator.evaluate(RUN, "zzz", events, nodes(act("a")), now))
                .hasMessage("Node zzz not found in graph");
        assertThatThrownBy(() -> evaluator.evaluate(new io.flowproof.domain.model.RunRef("nope", "f"), null, List.of(), nodes(act("a")), now))
                .hasMessage("No events found for run_id=nope, flow=f");
        assertThatThrownBy(() -> evaluator.evaluate(RUN, null, events, List.of(), now))
                .hasMessage("No node definitions found for flow=f");
    }

    @Test
    void layersGhostDependenciesButNeverReportsThem() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "b", BASE)),
                nodes(act("b", "ghost")), now);

        assertThat(result.execInfo()).extracting(NodeExecInfo::nodeId).containsExactly("b");
        assertThat(result.graph()).containsOnlyKeys("b");
        assertThat(item(result, "b").message()).isEqualTo("No upstream events found for dependencies");
    }

    @Test
    void buildsCtxDataOnlyForExactlyOneUpstreamEvent() {
        var twoEvents = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE, Map.of("p", 10L)), event("e2", "a", BASE + MS, Map.of("p", 20L)),
                        event("e3", "b", BASE + 2 * MS, Map.of("total", 30L))),
                nodes(act("a"), assertion("b", "a").validator("!has(ctx.data) && data.total == ctx.deps[0].data.p + ctx.deps[1].data.p")), now);
        assertThat(item(twoEvents, "b").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(twoEvents, "b").upstreamEvIds()).containsExactly("e1", "e2");

        var rootCtx = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE)),
                nodes(act("a").validator("size(ctx.deps) == 0 && !has(ctx.data)")), now);
        assertThat(item(rootCtx, "a").status()).isEqualTo(EvalStatus.PASSED);
    }

    @Test
    void ordersCtxDepsByDepIdsThenEventTime() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "x", BASE + 5 * MS), event("e2", "y", BASE + MS), event("e3", "z", BASE + 9 * MS)),
                nodes(act("x"), act("y"), act("z", "y", "x").validator("ctx.deps[0].id == 'y' && ctx.deps[1].id == 'x' && ctx.deps[1].flow == 'f'")),
                now);

        assertThat(item(result, "z").status()).isEqualTo(EvalStatus.PASSED);
        assertThat(item(result, "z").upstreamEvIds()).containsExactly("e2", "e1");
    }

    @Test
    void stopsAtTheFirstFailingEventOfANode() {
        var result = evaluator.evaluate(RUN, null,
                List.of(event("e1", "a", BASE, Map.of("ok", false)), event("e2", "a", BASE + MS, Map.of("ok", true))),
                nodes(act("a").validator("data.ok")), now);

        assertThat(item(result, "a").status()).isEqualTo(EvalStatus.FAILED);
        assertThat(item(result, "a").evIds()).containsExactly("e1", "e2");
    }

    @Test
    void reportsWhyAValidatorFailedInDetailWithoutChangingTheContractStrings() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE, Map.of("n", 1L))),
                nodes(act("a").validator("data.n +")), now);
        NodeExecInfo a = item(result, "a");
        assertThat(a.error()).isEqualTo("Validator assertion failed");
        assertThat(a.detail()).startsWith("validator: cel syntax error:");

        var nonBoolean = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE, Map.of("n", 1L))),
                nodes(act("a").validator("data.n")), now);
        assertThat(item(nonBoolean, "a").detail()).isEqualTo("validator: expression returned a non-boolean value: 1");
    }

    @Test
    void failsANodeWhoseEngineIsNotInstalledWithAnExplanation() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE)),
                nodes(act("a").validator(Expr.python("data['x'] == 1"))), now);

        NodeExecInfo a = item(result, "a");
        assertThat(a.status()).isEqualTo(EvalStatus.FAILED);
        assertThat(a.error()).isEqualTo("Validator assertion failed");
        assertThat(a.detail()).isEqualTo("validator: the python expression engine is not available yet");
    }

    @Test
    void reportsAFilterErrorOnTheNodeWhoseEventsItDropped() {
        var result = evaluator.evaluate(RUN, null, List.of(event("e1", "a", BASE)),
                nodes(act("a").filter("data.missing == 1")), now);

        assertThat(item(result, "a").status()).isEqualTo(EvalStatus.SKIPPED);
        assertThat(item(result, "a").detail()).startsWith("filter: cel error:");
    }

    @Test
    void keepsStoreOrderForEventsWithTheSameTimestamp() {
        List<Event> sameTs = List.of(event("z9", "a", BASE), event("a1", "a", BASE), event("m5", "a", BASE));
        var result = evaluator.evaluate(RUN, null, sameTs, nodes(act("a")), now);

        assertThat(item(result, "a").evIds()).containsExactly("z9", "a1", "m5");
    }

    @Test
    void evaluatesAThousandNodeChainInLinearTime() {
        var builders = new Fixtures.NodeBuilder[1000];
        var events = new java.util.ArrayList<Event>();
        for (int i = 0; i < 1000; i++) {
            builders[i] = i == 0 ? act("n0") : act("n" + i, "n" + (i - 1));
            events.add(event("e" + i, "n" + i, BASE + i * MS));
        }
        var result = evaluator.evaluate(RUN, null, events, nodes(builders), now);

        assertThat(result.status()).isEqualTo(EvalStatus.PASSED);
        assertThat(result.execInfo()).hasSize(1000);
        assertThat(result.evIds()).hasSize(1000).startsWith("e0", "e1").endsWith("e999");
    }
}
