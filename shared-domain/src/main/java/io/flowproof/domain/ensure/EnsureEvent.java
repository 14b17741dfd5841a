package io.flowproof.domain.ensure;

import io.flowproof.domain.evaluation.EvalResult;
import java.time.Instant;

/** What can happen to an ensure run; the input of {@link EnsureMachine#decide}. Facts are past tense. */
public sealed interface EnsureEvent {

    /** A poller (or the starter) holds the run and asks what to do next. */
    record Due() implements EnsureEvent {}

    /** The attempt {@code started} returned {@code output}. */
    record TriggerSucceeded(EnsureStep started, Object output) implements EnsureEvent {}

    /** The attempt {@code started} failed; {@code retryable} says whether another attempt may help. */
    record TriggerFailed(EnsureStep started, String error, boolean retryable) implements EnsureEvent {}

    /** The run id was extracted and the trigger event stored. */
    record TriggerRecorded(String runId, String triggerEventId) implements EnsureEvent {}

    /** The run id could not be extracted (or the trigger event not stored). */
    record RecordFailed(String error) implements EnsureEvent {}

    /** One evaluation of the run, started at {@code startedAt}. */
    record Evaluated(EvalResult result, Instant startedAt) implements EnsureEvent {}

    /** The run cannot be evaluated (no nodes, a cycle, ...). */
    record EvaluationFailed(String error, Instant startedAt) implements EnsureEvent {}
}
