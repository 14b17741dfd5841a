package io.flowproof.domain.ensure;

import io.flowproof.domain.evaluation.EvalResult;
import java.util.List;

/**
 * The result of one {@link EnsureMachine#decide} call: the run's new state, the step rows to persist with it,
 * and the one side effect to perform <em>after</em> both are persisted.
 */
public record Transition(EnsureRun run, List<EnsureStep> steps, Action action) {

    public Transition {
        steps = List.copyOf(steps);
    }

    /** The side effect that follows a persisted transition. */
    public sealed interface Action {
        /** Whether the poller keeps holding the run while it performs the action. */
        default boolean holdsRun() {
            return true;
        }
    }

    /** Nothing to do until {@code wakeAt}; the poller lets go of the run. */
    public record Rest() implements Action {
        @Override
        public boolean holdsRun() {
            return false;
        }
    }

    /** Fire trigger {@code stepId}, attempt {@code attempt}, with idempotency key {@code ensureRunId:stepId}. */
    public record FireTrigger(String stepId, int attempt) implements Action {}

    /** Extract the run id from the last trigger and store the trigger event(s). */
    public record RecordTrigger() implements Action {}

    /** Evaluate the run (without storing an eval output). */
    public record Evaluate() implements Action {}

    /**
     * The run has ended: store {@code output} as its eval output (when a trigger event exists) and notify when
     * {@code notifies} is set.
     */
    public record Finish(EvalResult output, boolean notifies) implements Action {
        @Override
        public boolean holdsRun() {
            return false;
        }
    }
}
