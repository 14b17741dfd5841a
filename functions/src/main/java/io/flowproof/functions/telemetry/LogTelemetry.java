package io.flowproof.functions.telemetry;

import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.EvaluationException;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.infra.logging.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Telemetry} as log lines that carry {@code flow}, {@code run_id} and {@code ensure_run_id} in their context
 * ({@link LogContext}; fields of the JSON logs). Ensure-run state changes are logged at INFO (each run has a handful);
 * trigger attempts and evaluations at DEBUG ({@code logging.level.io.flowproof.ensure=debug},
 * {@code logging.level.io.flowproof.evaluation=debug}), checked before anything is formatted, because auto-evaluation
 * handles thousands of runs per second.
 */
final class LogTelemetry implements Telemetry {

    private static final Logger ensureLog = LoggerFactory.getLogger("io.flowproof.ensure");
    private static final Logger evaluationLog = LoggerFactory.getLogger("io.flowproof.evaluation");

    @Override
    public void runEvaluated(EvaluationMode mode, RunRef run, EvalStatus status, long nanos) {
        if (evaluationLog.isDebugEnabled()) {
            try (var context = LogContext.of(run.flow(), run.runId(), null)) {
                evaluationLog.debug("Run {} of flow '{}' evaluated ({}): {} in {} µs", run.runId(), run.flow(),
                        MicrometerTelemetry.tag(mode), status.wireName(), nanos / 1_000);
            }
        }
    }

    @Override
    public void runNotEvaluated(EvaluationMode mode, RunRef run, EvaluationException.Reason reason) {
        if (evaluationLog.isDebugEnabled()) {
            try (var context = LogContext.of(run.flow(), run.runId(), null)) {
                evaluationLog.debug("Run {} of flow '{}' not evaluated ({}): {}", run.runId(), run.flow(), MicrometerTelemetry.tag(mode),
                        MicrometerTelemetry.tag(reason));
            }
        }
    }

    @Override
    public void ensureMoved(EnsureRun run, EnsureState from) {
        if (ensureLog.isInfoEnabled()) {
            try (var context = LogContext.of(run.flow(), run.runId(), run.id())) {
                ensureLog.info("Ensure run {} of flow '{}' is {}{}", run.id(), run.flow(), run.state().wireName(),
                        run.runId() == null ? "" : " (run_id=" + run.runId() + ")");
            }
        }
    }

    @Override
    public void triggerFired(EnsureRun run, String handler, boolean succeeded, long nanos) {
        if (ensureLog.isDebugEnabled()) {
            try (var context = LogContext.of(run.flow(), run.runId(), run.id())) {
                ensureLog.debug("Trigger attempt of ensure run {} ({}) {} after {} ms", run.id(), handler,
                        succeeded ? "succeeded" : "failed", nanos / 1_000_000);
            }
        }
    }
}
