package io.flowproof.functions.telemetry;

import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.EvaluationException;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.Telemetry;

/** Metrics and logs: tells both, metrics first. */
final class CompositeTelemetry implements Telemetry {

    private final Telemetry metrics;
    private final Telemetry logs;

    CompositeTelemetry(Telemetry metrics, Telemetry logs) {
        this.metrics = metrics;
        this.logs = logs;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void batchAccepted(int events) {
        metrics.batchAccepted(events);
        logs.batchAccepted(events);
    }

    @Override
    public void batchRefused(BatchRefusal reason) {
        metrics.batchRefused(reason);
        logs.batchRefused(reason);
    }

    @Override
    public void runEvaluated(EvaluationMode mode, RunRef run, EvalStatus status, long nanos) {
        metrics.runEvaluated(mode, run, status, nanos);
        logs.runEvaluated(mode, run, status, nanos);
    }

    @Override
    public void runNotEvaluated(EvaluationMode mode, RunRef run, EvaluationException.Reason reason) {
        metrics.runNotEvaluated(mode, run, reason);
        logs.runNotEvaluated(mode, run, reason);
    }

    @Override
    public void ensureMoved(EnsureRun run, EnsureState from) {
        metrics.ensureMoved(run, from);
        logs.ensureMoved(run, from);
    }

    @Override
    public void triggerFired(EnsureRun run, String handler, boolean succeeded, long nanos) {
        metrics.triggerFired(run, handler, succeeded, nanos);
        logs.triggerFired(run, handler, succeeded, nanos);
    }

    @Override
    public void pollTicked(PollSummary summary, long nanos) {
        metrics.pollTicked(summary, nanos);
        logs.pollTicked(summary, nanos);
    }
}
