package io.flowproof.domain.port;

import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.EvaluationException;
import io.flowproof.domain.model.RunRef;

/**
 * What the use cases report for operators: the facts behind the app's metrics (Micrometer/Prometheus locally,
 * CloudWatch embedded-metric-format lines on Lambda) and its contextual log lines. Adapters decide what becomes a
 * meter and what a log line; the domain only states the fact.
 *
 * <p>Cheap by contract: ingest reports once per batch, never per event, and every argument already exists at the
 * call site (no allocation to report). Durations come from {@link #nanoTime()}, so {@link #NONE} costs no clock
 * read at all. Implementations must not throw and must not block.
 */
public interface Telemetry {

    /** Reports nothing (tests, and apps without metrics). */
    Telemetry NONE = new Telemetry() {};

    /** Why a batch of events was not stored. */
    enum BatchRefusal {
        /** a field or the body is invalid (422) */
        INVALID,
        /** the body or the item count is over the limit (413/422) */
        TOO_LARGE,
        /** the database could not be reached (503) */
        UNAVAILABLE,
        /** anything else (500) */
        ERROR
    }

    /** Which path evaluated a run. */
    enum EvaluationMode {
        /** {@code POST /v1/run-eval} and re-evaluation of running flows */
        ON_DEMAND,
        /** the auto-evaluation queue filled by ingest */
        AUTO,
        /** an ensure run's poller (results are not stored as eval outputs) */
        ENSURE
    }

    /** A monotonic clock for durations; {@code 0} when nothing is measured. */
    default long nanoTime() {
        return 0;
    }

    /** A batch of {@code events} events was committed. */
    default void batchAccepted(int events) {
    }

    /** A batch was refused; nothing of it was stored. */
    default void batchRefused(BatchRefusal reason) {
    }

    /** The evaluator produced {@code status} for {@code run} in {@code nanos} (its own measurement, no database time). */
    default void runEvaluated(EvaluationMode mode, RunRef run, EvalStatus status, long nanos) {
    }

    /** A run could not be evaluated (no events, no nodes, a cycle, an unknown start node). */
    default void runNotEvaluated(EvaluationMode mode, RunRef run, EvaluationException.Reason reason) {
    }

    /** An ensure run's new state was persisted; {@code from} is {@code null} for a new run and for a cancelled one. */
    default void ensureMoved(EnsureRun run, EnsureState from) {
    }

    /** One trigger attempt of an ensure run ended after {@code nanos}. */
    default void triggerFired(EnsureRun run, String handler, boolean succeeded, long nanos) {
    }

    /** One poll tick ended after {@code nanos}. */
    default void pollTicked(PollSummary summary, long nanos) {
    }
}
