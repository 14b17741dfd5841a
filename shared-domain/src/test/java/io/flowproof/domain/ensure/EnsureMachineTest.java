package io.flowproof.domain.ensure;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.ensure.EnsureEvent.Due;
import io.flowproof.domain.ensure.EnsureEvent.Evaluated;
import io.flowproof.domain.ensure.EnsureEvent.EvaluationFailed;
import io.flowproof.domain.ensure.EnsureEvent.TriggerFailed;
import io.flowproof.domain.ensure.EnsureEvent.TriggerRecorded;
import io.flowproof.domain.ensure.EnsureEvent.TriggerSucceeded;
import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.flow.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class EnsureMachineTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final EnsureOptions OPTIONS = new EnsureOptions(Duration.ofSeconds(30), Duration.ofSeconds(2),
            RetryPolicy.backoff(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3)));

    private static EnsureRun pending(String... triggers) {
        return EnsureRun.pending("e1", "pay", EnsureOrigin.API, null, OPTIONS, List.of(triggers), T0);
    }

    private static EnsureStep started(Transition transition, Instant at) {
        Transition.FireTrigger fire = (Transition.FireTrigger) transition.action();
        return new EnsureStep("e1", fire.stepId(), fire.attempt(), Map.of(), null, null, at, null);
    }

    private static EvalResult result(EvalStatus status) {
        return new EvalResult(status, 5, Map.of("a", List.of()), List.of(), List.of("ev"));
    }

    @Test
    void firesTriggersInOrderThenRecordsThenEvaluates() {
        Transition first = EnsureMachine.decide(pending("create_user", "create_order"), new Due(), T0);
        assertThat(first.action()).isEqualTo(new Transition.FireTrigger("create_user", 1));
        assertThat(first.run().state()).isEqualTo(EnsureState.TRIGGERING);

        Transition second = EnsureMachine.decide(first.run(), new TriggerSucceeded(started(first, T0), Map.of("id", "u1")), T0);
        assertThat(second.action()).isEqualTo(new Transition.FireTrigger("create_order", 1));
        assertThat(second.run().outputs()).containsOnlyKeys("create_user");
        assertThat(second.steps()).singleElement().satisfies(step -> assertThat(step.status()).isEqualTo("ok"));

        Transition third = EnsureMachine.decide(second.run(), new TriggerSucceeded(started(second, T0), Map.of("id", "o1")), T0);
        assertThat(third.action()).isInstanceOf(Transition.RecordTrigger.class);

        Transition waiting = EnsureMachine.decide(third.run(), new TriggerRecorded("o1", "ev1"), T0);
        assertThat(waiting.run().state()).isEqualTo(EnsureState.WAITING);
        assertThat(waiting.run().runId()).isEqualTo("o1");
        assertThat(waiting.action()).isInstanceOf(Transition.Evaluate.class);
    }

    @Test
    void restsUntilThePollIntervalWhileRunningAndFinishesOnPassedOrFailed() {
        EnsureRun waiting = waitingRun();
        Transition running = EnsureMachine.decide(waiting, new Evaluated(result(EvalStatus.RUNNING), T0), T0.plusSeconds(1));
        assertThat(running.run().state()).isEqualTo(EnsureState.WAITING);
        assertThat(running.run().wakeAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(running.steps()).singleElement().satisfies(step -> {
            assertThat(step.stepId()).isEqualTo(EnsureStep.EVALUATE);
            assertThat(step.attempt()).isEqualTo(1);
        });

        Transition passed = EnsureMachine.decide(running.run(), new Evaluated(result(EvalStatus.PASSED), T0), T0.plusSeconds(3));
        assertThat(passed.run().state()).isEqualTo(EnsureState.PASSED);
        assertThat(passed.run().finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(passed.action()).isEqualTo(new Transition.Finish(result(EvalStatus.PASSED), false));

        Transition failed = EnsureMachine.decide(running.run(), new Evaluated(result(EvalStatus.FAILED), T0), T0.plusSeconds(3));
        assertThat(failed.run().state()).isEqualTo(EnsureState.FAILED);
        assertThat(((Transition.Finish) failed.action()).notifies()).isTrue();
    }

    @Test
    void timesOutWithTheTerminalOutputAtTheDeadline() {
        Instant deadline = T0.plus(OPTIONS.timeout());
        Transition late = EnsureMachine.decide(waitingRun(), new Evaluated(result(EvalStatus.RUNNING), deadline), deadline);
        assertThat(late.run().state()).isEqualTo(EnsureState.TIMED_OUT);
        assertThat(late.run().lastResult()).isEqualTo(EvalResult.terminal(EvalStatus.TIMED_OUT, OPTIONS.timeout().toNanos()));
        assertThat(late.run().wakeAt()).isNull();

        Transition neverTriggered = EnsureMachine.decide(pending("kick"), new Due(), deadline);
        assertThat(neverTriggered.run().state()).isEqualTo(EnsureState.TIMED_OUT);
    }

    @Test
    void endsInErrorWhenEvaluationIsImpossibleOrATriggerIsNotRetryable() {
        Transition broken = EnsureMachine.decide(waitingRun(), new EvaluationFailed("Graph has a cycle", T0), T0);
        assertThat(broken.run().state()).isEqualTo(EnsureState.ERROR);
        assertThat(broken.run().error()).isEqualTo("Graph has a cycle");
        assertThat(broken.run().lastResult().status()).isEqualTo(EvalStatus.ERROR);

        Transition firing = EnsureMachine.decide(pending("kick"), new Due(), T0);
        Transition refused = EnsureMachine.decide(firing.run(), new TriggerFailed(started(firing, T0), "HTTP 404", false), T0);
        assertThat(refused.run().state()).isEqualTo(EnsureState.ERROR);
        assertThat(refused.run().error()).isEqualTo("Trigger 'kick' failed (attempt 1 of 4): HTTP 404");
    }

    @Test
    void ignoresStaleAttemptsAndFinishedRuns() {
        Transition firing = EnsureMachine.decide(pending("kick"), new Due(), T0);
        EnsureStep stale = new EnsureStep("e1", "kick", 7, Map.of(), null, null, T0, null);
        assertThat(EnsureMachine.decide(firing.run(), new TriggerSucceeded(stale, Map.of()), T0).run()).isSameAs(firing.run());

        EnsureRun cancelled = waitingRun().edit().state(EnsureState.CANCELLED).build();
        Transition nothing = EnsureMachine.decide(cancelled, new Due(), T0);
        assertThat(nothing.run()).isSameAs(cancelled);
        assertThat(nothing.steps()).isEmpty();
    }

    /**
     * Backoff in virtual time: a poller ticks every 100 ms and fires when the run is due; the trigger always fails.
     * Attempts happen at 0 s, 1 s, 3 s and 6 s (delays 1 s, 2 s, then 4 s capped at 3 s), then the run errors.
     */
    @Test
    void retriesWithExponentialBackoffCappedAtTheMaximum() {
        StepVerifier.withVirtualTime(() -> {
                    VirtualTimeScheduler scheduler = VirtualTimeScheduler.get();
                    AtomicReference<EnsureRun> run = new AtomicReference<>(pending("kick"));
                    List<Long> attempts = new ArrayList<>();
                    return Flux.interval(Duration.ZERO, Duration.ofMillis(100), scheduler)
                            .map(tick -> T0.plusMillis(scheduler.now(TimeUnit.MILLISECONDS)))
                            .filter(now -> !now.isBefore(run.get().wakeAt()))
                            .map(now -> {
                                Transition firing = EnsureMachine.decide(run.get(), new Due(), now);
                                attempts.add(Duration.between(T0, now).toMillis());
                                Transition failed = EnsureMachine.decide(firing.run(), new TriggerFailed(started(firing, now), "HTTP 503", true), now);
                                run.set(failed.run());
                                return run.get();
                            })
                            .takeUntil(EnsureRun::isFinished)
                            .last()
                            .map(last -> attempts);
                })
                .thenAwait(Duration.ofSeconds(10))
                .assertNext(attempts -> assertThat(attempts).containsExactly(0L, 1_000L, 3_000L, 6_000L))
                .verifyComplete();
    }

    private static EnsureRun waitingRun() {
        return pending("kick").edit().state(EnsureState.WAITING).outputs(Map.of("kick", Map.of())).runId("r1").triggerEventId("ev1").build();
    }
}
