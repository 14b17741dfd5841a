package io.flowproof.infra.ensure;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.EnsureStep;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.ensure.StartEnsure;
import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.model.StoredEvalOutput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class EnsureRunsTest extends EnsureTestSupport {

    private EnsureRun startedRun(String flow) {
        StartEnsure.Started started = starter().start(command(flow, null)).block(Duration.ofSeconds(30));
        assertThat(started.created()).isTrue();
        return started.run();
    }

    private PollSummary tick() {
        return poller().advanceDue().block(Duration.ofSeconds(60));
    }

    private EnsureRun reload(EnsureRun run) {
        return runs.find(run.id()).block();
    }

    @Test
    void passesWhenTheEvaluationPassesAndStoresTheFinalEvalOutputWithTheTriggerEvent() {
        save(httpTrigger("pay", "create_payment", "/payments", List.of(), Map.of("body", "{\"amount\":120}")),
                checkedAct("pay", "charged", "create_payment"));
        target.respond((path, key, n, body) -> TriggerTarget.Reply.json("{\"id\":\"pay-1\",\"echo\":" + body + "}"));

        EnsureRun run = startedRun("pay");
        assertThat(run.state()).isEqualTo(EnsureState.WAITING);
        assertThat(run.runId()).isEqualTo("pay-1");
        assertThat(run.evaluations()).isEqualTo(1);
        assertThat(target.count("/payments", run.id() + ":create_payment")).isEqualTo(1);

        act("pay", "charged", "pay-1", true);
        clock.advance(Duration.ofSeconds(2));
        PollSummary summary = tick();
        assertThat(summary.claimed()).isEqualTo(1);
        assertThat(summary.passed()).isEqualTo(1);

        EnsureRun done = reload(run);
        assertThat(done.state()).isEqualTo(EnsureState.PASSED);
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(done.wakeAt()).isNull();
        List<StoredEvalOutput> stored = outputs.ofRun("pay-1", "pay").collectList().block();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).triggerEvId()).isEqualTo(done.triggerEventId());
        assertThat(stored.get(0).output().status().wireName()).isEqualTo("passed");
        assertThat(events.runEvents(new io.flowproof.domain.model.RunRef("pay-1", "pay")).collectList().block())
                .anySatisfy(e -> {
                    assertThat(e.id()).isEqualTo(done.triggerEventId());
                    assertThat(e.type().wireName()).isEqualTo("trigger");
                    assertThat(e.data()).containsEntry("id", "pay-1");
                });
        List<EnsureStep> steps = runs.steps(run.id()).collectList().block();
        assertThat(steps).extracting(EnsureStep::stepId, EnsureStep::attempt, EnsureStep::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("create_payment", 1, "ok"),
                        org.assertj.core.groups.Tuple.tuple("evaluate", 1, "ok"), org.assertj.core.groups.Tuple.tuple("evaluate", 2, "ok"));
        assertThat(steps.get(0).input()).containsEntry("method", "POST").containsEntry("body", "{\"amount\":120}");
        assertThat(notifications).isEmpty();
    }

    @Test
    void failsWhenTheEvaluationFailsAndNotifies() {
        save(httpTrigger("refund", "create_refund", "/refunds", List.of(), Map.of()), checkedAct("refund", "refunded", "create_refund"));
        target.respond((path, key, n, body) -> TriggerTarget.Reply.json("{\"id\":\"refund-1\"}"));
        EnsureRun run = startedRun("refund");

        act("refund", "refunded", "refund-1", false);
        clock.advance(Duration.ofSeconds(2));
        assertThat(tick().failed()).isEqualTo(1);

        assertThat(reload(run).state()).isEqualTo(EnsureState.FAILED);
        assertThat(notifications).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo("failed");
            assertThat(n.runId()).isEqualTo("refund-1");
            assertThat(n.ensureRunId()).isEqualTo(run.id());
        });
    }

    @Test
    void timesOutAtTheDeadlineWhileTheRunIsStillRunning() {
        save(httpTrigger("slow", "kick", "/slow", List.of(), Map.of()), NodeDefinition2.awaited("slow", "never", "kick"));
        target.respond((path, key, n, body) -> TriggerTarget.Reply.json("{\"id\":\"slow-1\"}"));
        EnsureRun run = starter().start(new StartEnsure.Command("slow", null, 5_000L, 1_000L, io.flowproof.domain.ensure.EnsureOrigin.API))
                .block().run();
        assertThat(run.state()).isEqualTo(EnsureState.WAITING);

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(tick().advanced()).isEqualTo(1);
            assertThat(reload(run).state()).isEqualTo(EnsureState.WAITING);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(tick().timedOut()).isEqualTo(1);
        EnsureRun done = reload(run);
        assertThat(done.state()).isEqualTo(EnsureState.TIMED_OUT);
        assertThat(done.lastResult().status().wireName()).isEqualTo("timed_out");
        assertThat(done.lastResult().graph()).isEmpty();
        assertThat(done.lastResult().elapsedNs()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(outputs.ofRun("slow-1", "slow").collectList().block()).singleElement()
                .satisfies(o -> assertThat(o.output().status().wireName()).isEqualTo("timed_out"));
        assertThat(notifications).extracting(n -> n.status()).containsExactly("timed_out");
    }

    @Test
    void resumesAfterAPollerDiesMidStepWithoutRerunningCompletedSteps() {
        save(httpTrigger("order", "create_user", "/users", List.of(), Map.of()),
                httpTrigger("order", "create_order", "/orders", List.of("create_user"),
                        Map.of("body", "{\"user\":\"${steps.create_user.output.id}\"}", "timeout_ms", 10_000L)),
                checkedAct("order", "shipped", "create_order"));
        target.respond((path, key, n, body) -> switch (path) {
            case "/users" -> TriggerTarget.Reply.json("{\"id\":\"u-7\"}");
            // the first poller "dies" while this request is in flight
            default -> new TriggerTarget.Reply(200, "{\"id\":\"o-1\",\"body\":" + body + "}", n == 1 ? 3_000 : 0);
        });

        AtomicReference<StartEnsure.Started> never = new AtomicReference<>();
        Disposable dying = starter().start(new StartEnsure.Command("order", "k-1", 600_000L, null,
                io.flowproof.domain.ensure.EnsureOrigin.API)).subscribe(never::set);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> target.count("/orders") == 1);
        dying.dispose(); // the poller is gone: its lease stays until it expires
        EnsureRun abandoned = runs.findByKey("order", "k-1").block();
        assertThat(abandoned.state()).isEqualTo(EnsureState.TRIGGERING);
        assertThat(abandoned.outputs()).containsOnlyKeys("create_user");
        assertThat(abandoned.leaseUntil()).isEqualTo(clock.instant().plus(Duration.ofSeconds(40)));

        assertThat(tick().claimed()).as("nobody takes a leased run").isZero();
        clock.advance(Duration.ofSeconds(41));
        PollSummary resumed = tick();
        assertThat(resumed.claimed()).isEqualTo(1);

        EnsureRun run = reload(abandoned);
        assertThat(run.state()).isEqualTo(EnsureState.WAITING);
        assertThat(run.runId()).isEqualTo("o-1");
        assertThat(target.count("/users", run.id() + ":create_user")).isEqualTo(1);
        assertThat(target.count("/orders", run.id() + ":create_order")).isEqualTo(2);
        assertThat(target.received()).filteredOn(r -> r.path().equals("/orders"))
                .allSatisfy(r -> assertThat(r.body()).isEqualTo("{\"user\":\"u-7\"}"));
        List<EnsureStep> steps = runs.steps(run.id()).collectList().block();
        assertThat(steps).extracting(s -> s.stepId() + "#" + s.attempt() + ":" + s.status())
                .containsExactly("create_user#1:ok", "create_order#1:running", "create_order#2:ok", "evaluate#1:ok");

        act("order", "shipped", "o-1", true);
        clock.advance(Duration.ofSeconds(2));
        tick();
        assertThat(reload(run).state()).isEqualTo(EnsureState.PASSED);
        assertThat(never.get()).isNull();
    }

    @Test
    void firesTheTriggerExactlyOnceOverAHundredStartsWithTheSameKey() {
        save(httpTrigger("once", "kick", "/once", List.of(), Map.of()), NodeDefinition2.awaited("once", "done", "kick"));
        List<StartEnsure.Started> started = Flux.range(0, 100)
                .flatMap(i -> starter().start(command("once", "same-key")), 25)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(started).hasSize(100);
        assertThat(started).filteredOn(StartEnsure.Started::created).hasSize(1);
        assertThat(started).extracting(s -> s.run().id()).containsOnly(started.get(0).run().id());
        String id = started.get(0).run().id();
        assertThat(target.count("/once", id + ":kick")).isEqualTo(1);
        assertThat(target.received()).hasSize(1);
        assertThat(rows("SELECT count(*) AS n FROM ensure_runs WHERE flow = 'once'").get(0).get("n")).isEqualTo(1L);
    }

    @Test
    void retriesAFailingTriggerWithExponentialBackoffThenGivesUp() {
        save(httpTrigger("flaky", "kick", "/flaky", List.of(), Map.of()), NodeDefinition2.awaited("flaky", "done", "kick"));
        settings.save(new FlowSettings("flaky", 600_000L, null, RetryPolicy.backoff(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)),
                null, null)).block();
        target.respond((path, key, n, body) -> new TriggerTarget.Reply(503, "{\"detail\":\"busy\"}", 0));

        EnsureRun run = startedRun("flaky");
        assertThat(run.state()).isEqualTo(EnsureState.TRIGGERING);
        assertThat(run.wakeAt()).isEqualTo(START.plusSeconds(1));

        clock.advance(Duration.ofMillis(999));
        assertThat(tick().claimed()).isZero();
        clock.advance(Duration.ofMillis(1));
        tick();
        assertThat(target.count("/flaky")).isEqualTo(2);
        assertThat(reload(run).wakeAt()).isEqualTo(START.plusSeconds(3));

        clock.set(START.plusMillis(2_999));
        assertThat(tick().claimed()).isZero();
        clock.set(START.plusSeconds(3));
        assertThat(tick().errors()).isEqualTo(1);
        EnsureRun done = reload(run);
        assertThat(done.state()).isEqualTo(EnsureState.ERROR);
        assertThat(done.error()).isEqualTo("Trigger 'kick' failed (attempt 3 of 3): HTTP 503: {\"detail\":\"busy\"}");
        assertThat(target.count("/flaky", run.id() + ":kick")).isEqualTo(3);
        assertThat(notifications).extracting(n -> n.status()).containsExactly("error");
    }

    @Test
    void endsInErrorWithoutRetryWhenASecretIsMissingAndNeverStoresSecretValues() {
        save(httpTrigger("secret", "kick", "/secret", List.of(),
                        Map.of("headers", Map.of("Authorization", "Bearer ${secret.TOKEN}"), "url", target.url("${TARGET_PATH}"))),
                NodeDefinition2.awaited("secret", "done", "kick"));
        EnsureRun failed = startedRun("secret");
        assertThat(failed.state()).isEqualTo(EnsureState.ERROR);
        assertThat(failed.error()).contains("Secret 'TOKEN' not found");
        assertThat(target.received()).isEmpty();

        secrets.put("TOKEN", "s3cr3t");
        EnsureRun run = startedRun("secret");
        assertThat(run.state()).isEqualTo(EnsureState.WAITING);
        assertThat(target.received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/env");
            assertThat(r.headers().get("Authorization")).containsExactly("Bearer s3cr3t");
        });
        assertThat(rows("SELECT input::text AS input FROM ensure_steps WHERE ensure_run_id = '" + run.id() + "' AND step_id = 'kick'"))
                .singleElement().satisfies(row -> assertThat((String) row.get("input"))
                        .contains("Bearer ${secret.TOKEN}").contains("${TARGET_PATH}").doesNotContain("s3cr3t").doesNotContain("/env"));
    }

    @Test
    void cancelStopsAWaitingRunForGoodAndDropsTheResultOfAPollerHoldingIt() {
        save(httpTrigger("cancel", "kick", "/cancel", List.of(), Map.of()), NodeDefinition2.awaited("cancel", "done", "kick"));
        EnsureRun run = startedRun("cancel");
        clock.advance(Duration.ofSeconds(2));
        List<EnsureRun> held = runs.claimDue(clock.instant(), clock.instant().plusSeconds(60), "slow-poller", 10).block();
        assertThat(held).hasSize(1);

        StepVerifier.create(canceller().cancel(run.id()))
                .assertNext(cancelled -> assertThat(cancelled.state()).isEqualTo(EnsureState.CANCELLED)).verifyComplete();
        var stale = new io.flowproof.domain.ensure.EnsureWrite(held.get(0).edit().state(EnsureState.PASSED).build().released(), List.of(), null);
        StepVerifier.create(runs.apply("slow-poller", List.of(stale))).assertNext(applied -> assertThat(applied).isEmpty()).verifyComplete();

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(tick().claimed()).isZero();
        }
        assertThat(reload(run).state()).isEqualTo(EnsureState.CANCELLED);
        StepVerifier.create(canceller().cancel(run.id())).expectError(DomainException.Conflict.class).verify();
        StepVerifier.create(canceller().cancel("9b2f8c1e-0000-4000-8000-000000000000")).expectError(DomainException.NotFound.class).verify();
    }

    @Test
    void rejectsFlowsWhoseTriggersCannotRun() {
        StepVerifier.create(starter().start(command("nothing-here", null))).expectError(DomainException.NotFound.class).verify();
        save(NodeDefinition2.awaited("no-trigger", "a", null));
        StepVerifier.create(starter().start(command("no-trigger", null)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DomainException.Invalid.class)
                        .hasMessage("Flow 'no-trigger' has no trigger nodes"))
                .verify();
    }
}
