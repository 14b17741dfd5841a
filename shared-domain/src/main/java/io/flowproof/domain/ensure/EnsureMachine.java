package io.flowproof.domain.ensure;

import io.flowproof.domain.ensure.EnsureEvent.Due;
import io.flowproof.domain.ensure.EnsureEvent.EvaluationFailed;
import io.flowproof.domain.ensure.EnsureEvent.Evaluated;
import io.flowproof.domain.ensure.EnsureEvent.RecordFailed;
import io.flowproof.domain.ensure.EnsureEvent.TriggerFailed;
import io.flowproof.domain.ensure.EnsureEvent.TriggerRecorded;
import io.flowproof.domain.ensure.EnsureEvent.TriggerSucceeded;
import io.flowproof.domain.ensure.Transition.Evaluate;
import io.flowproof.domain.ensure.Transition.Finish;
import io.flowproof.domain.ensure.Transition.FireTrigger;
import io.flowproof.domain.ensure.Transition.RecordTrigger;
import io.flowproof.domain.ensure.Transition.Rest;
import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.EvalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ensure-run state machine: a pure function {@code (EnsureRun, EnsureEvent, now) -> Transition}. No I/O, no
 * clock, no ids; the use cases persist what it returns and only then perform the action it names.
 *
 * <pre>
 *  PENDING --Due--> TRIGGERING --(each trigger, in dependency order; failed attempts retry with backoff)--+
 *                       |  \--attempts exhausted / not retryable / extraction failed--> ERROR             |
 *                       \--deadline--> TIMED_OUT                                                          |
 *  WAITING <--run id extracted, trigger event stored----------------------------------------------------+
 *     |--Evaluated(passed)--> PASSED      |--Evaluated(failed)--> FAILED
 *     |--Evaluated(running) at/after deadline--> TIMED_OUT      |--EvaluationFailed--> ERROR
 *     \--Evaluated(running) before deadline--> WAITING (wake after the poll interval)
 *  any unfinished state --cancel--> CANCELLED  (done by the store in one conditional update)
 * </pre>
 *
 * Events that do not fit the run's state (a stale attempt, a finished run) change nothing.
 */
public final class EnsureMachine {

    private EnsureMachine() {}

    public static Transition decide(EnsureRun run, EnsureEvent event, Instant now) {
        if (run.isFinished()) {
            return unchanged(run);
        }
        if (event instanceof Due) {
            return due(run, now);
        }
        if (event instanceof TriggerSucceeded succeeded) {
            return triggerSucceeded(run, succeeded, now);
        }
        if (event instanceof TriggerFailed failed) {
            return triggerFailed(run, failed, now);
        }
        if (event instanceof TriggerRecorded recorded) {
            return triggerRecorded(run, recorded, now);
        }
        if (event instanceof RecordFailed failed) {
            return run.state() == EnsureState.TRIGGERING
                    ? finish(run, EnsureState.ERROR, failed.error(), null, List.of(), now) : unchanged(run);
        }
        if (event instanceof Evaluated evaluated) {
            return evaluated(run, evaluated, now);
        }
        return evaluationFailed(run, (EvaluationFailed) event, now);
    }

    private static Transition due(EnsureRun run, Instant now) {
        if (run.state() == EnsureState.WAITING) {
            return new Transition(run, List.of(), new Evaluate());
        }
        return nextTrigger(run, List.of(), now);
    }

    /** PENDING/TRIGGERING: time out, fire the next trigger, or record the trigger once all completed. */
    private static Transition nextTrigger(EnsureRun run, List<EnsureStep> steps, Instant now) {
        if (!now.isBefore(run.deadline())) {
            return finish(run, EnsureState.TIMED_OUT, "The deadline passed before the triggers completed", null, steps, now);
        }
        String next = run.nextTrigger();
        if (next == null) {
            EnsureRun recording = run.edit().state(EnsureState.TRIGGERING).currentStep(null).attempt(0).updatedAt(now).build();
            return new Transition(recording, steps, new RecordTrigger());
        }
        int attempt = next.equals(run.currentStep()) ? run.attempt() + 1 : 1;
        EnsureRun firing = run.edit().state(EnsureState.TRIGGERING).currentStep(next).attempt(attempt).updatedAt(now).build();
        return new Transition(firing, steps, new FireTrigger(next, attempt));
    }

    private static Transition triggerSucceeded(EnsureRun run, TriggerSucceeded event, Instant now) {
        if (!isCurrentAttempt(run, event.started())) {
            return unchanged(run);
        }
        Map<String, Object> outputs = new LinkedHashMap<>(run.outputs());
        outputs.put(event.started().stepId(), event.output());
        EnsureRun done = run.edit().outputs(outputs).currentStep(null).attempt(0).updatedAt(now).build();
        return nextTrigger(done, List.of(event.started().finished(event.output(), null, now)), now);
    }

    private static Transition triggerFailed(EnsureRun run, TriggerFailed event, Instant now) {
        if (!isCurrentAttempt(run, event.started())) {
            return unchanged(run);
        }
        EnsureStep step = event.started().finished(null, event.error(), now);
        int attempt = run.attempt();
        if (event.retryable() && run.options().retry().allowsAnotherAfter(attempt)) {
            Instant wake = now.plus(run.options().retry().delayAfter(attempt));
            if (wake.isAfter(run.deadline())) {
                wake = run.deadline();
            }
            EnsureRun backingOff = run.edit().wakeAt(wake).updatedAt(now).build();
            return new Transition(backingOff, List.of(step), new Rest());
        }
        String error = "Trigger '" + event.started().stepId() + "' failed (attempt " + attempt + " of "
                + run.options().retry().maxAttempts() + "): " + event.error();
        return finish(run, EnsureState.ERROR, error, null, List.of(step), now);
    }

    private static Transition triggerRecorded(EnsureRun run, TriggerRecorded event, Instant now) {
        if (run.state() != EnsureState.TRIGGERING || run.nextTrigger() != null) {
            return unchanged(run);
        }
        EnsureRun waiting = run.edit().state(EnsureState.WAITING).runId(event.runId()).triggerEventId(event.triggerEventId())
                .updatedAt(now).build();
        return new Transition(waiting, List.of(), new Evaluate());
    }

    private static Transition evaluated(EnsureRun run, Evaluated event, Instant now) {
        if (run.state() != EnsureState.WAITING) {
            return unchanged(run);
        }
        EvalResult result = event.result();
        int evaluations = run.evaluations() + 1;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", result.status().wireName());
        summary.put("elapsed_ns", result.elapsedNs());
        List<EnsureStep> steps = List.of(new EnsureStep(run.id(), EnsureStep.EVALUATE, evaluations, null, summary, null,
                event.startedAt(), now));
        EnsureRun counted = run.edit().evaluations(evaluations).lastResult(result).updatedAt(now).build();
        if (result.status() == EvalStatus.PASSED) {
            return finish(counted, EnsureState.PASSED, null, result, steps, now);
        }
        if (result.status() == EvalStatus.FAILED) {
            return finish(counted, EnsureState.FAILED, null, result, steps, now);
        }
        if (!now.isBefore(run.deadline())) {
            return finish(counted, EnsureState.TIMED_OUT, null, null, steps, now);
        }
        Instant wake = now.plus(run.options().pollInterval());
        if (wake.isAfter(run.deadline())) {
            wake = run.deadline();
        }
        return new Transition(counted.edit().wakeAt(wake).build(), steps, new Rest());
    }

    private static Transition evaluationFailed(EnsureRun run, EvaluationFailed event, Instant now) {
        if (run.state() != EnsureState.WAITING) {
            return unchanged(run);
        }
        int evaluations = run.evaluations() + 1;
        List<EnsureStep> steps = List.of(new EnsureStep(run.id(), EnsureStep.EVALUATE, evaluations, null, null, event.error(),
                event.startedAt(), now));
        return finish(run.edit().evaluations(evaluations).build(), EnsureState.ERROR, event.error(), null, steps, now);
    }

    /**
     * Ends the run. {@code result} is the final evaluation (passed/failed); the other endings get the contract's
     * terminal output {@code {status, elapsed_ns, graph:{}, exec_info:[], ev_ids:[]}}.
     */
    private static Transition finish(EnsureRun run, EnsureState state, String error, EvalResult result, List<EnsureStep> steps,
            Instant now) {
        EvalResult output = result != null ? result : EvalResult.terminal(statusOf(state), elapsedNs(run, now));
        EnsureRun finished = run.edit().state(state).error(error).lastResult(output).currentStep(null).wakeAt(null)
                .updatedAt(now).finishedAt(now).build();
        boolean notify = state == EnsureState.FAILED || state == EnsureState.TIMED_OUT || state == EnsureState.ERROR;
        return new Transition(finished, steps, new Finish(output, notify));
    }

    private static EvalStatus statusOf(EnsureState state) {
        return switch (state) {
            case PASSED -> EvalStatus.PASSED;
            case FAILED -> EvalStatus.FAILED;
            case TIMED_OUT -> EvalStatus.TIMED_OUT;
            case CANCELLED -> EvalStatus.CANCELLED;
            default -> EvalStatus.ERROR;
        };
    }

    private static long elapsedNs(EnsureRun run, Instant now) {
        Duration elapsed = Duration.between(run.createdAt(), now);
        return elapsed.isNegative() ? 0 : elapsed.toNanos();
    }

    private static boolean isCurrentAttempt(EnsureRun run, EnsureStep started) {
        return run.state() == EnsureState.TRIGGERING && started.stepId().equals(run.currentStep())
                && started.attempt() == run.attempt();
    }

    private static Transition unchanged(EnsureRun run) {
        return new Transition(run, List.of(), new Rest());
    }

    /** Every step row of several transitions, in order (a helper for the use cases). */
    static List<EnsureStep> stepsOf(List<Transition> transitions) {
        List<EnsureStep> steps = new ArrayList<>();
        for (Transition transition : transitions) {
            steps.addAll(transition.steps());
        }
        return steps;
    }
}
