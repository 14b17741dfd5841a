package io.flowproof.domain.evaluation;

import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.domain.port.EvalOutputStore;
import io.flowproof.domain.port.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/reeval-running-flows}: re-evaluates every stored evaluation of the last
 * {@code maxAge} whose status is running or failed, and updates that row in place. (The original's
 * endpoint always failed with a 500; this is the behaviour it intended.) A row going {@code failed -> passed} is
 * notified as resolved (transition {@code "failed->passed"}), a row turning {@code failed} as a failure.
 */
public final class ReevaluateRunningFlows {

    /** The response body's counts. */
    public record Summary(int totalRunning, int updated, int stillRunning, int failed) {}

    private final EvalOutputStore outputs;
    private final EvaluateRun evaluateRun;
    private final Clock clock;
    private final Notifier notifier;

    /** Without notifications. */
    public ReevaluateRunningFlows(EvalOutputStore outputs, EvaluateRun evaluateRun, Clock clock) {
        this(outputs, evaluateRun, clock, Notifications.NONE);
    }

    public ReevaluateRunningFlows(EvalOutputStore outputs, EvaluateRun evaluateRun, Clock clock, Notifier notifier) {
        this.notifier = notifier;
        this.outputs = outputs;
        this.evaluateRun = evaluateRun;
        this.clock = clock;
    }

    public Mono<Summary> reevaluate(Duration maxAge) {
        Instant now = clock.instant();
        return outputs.createdSinceWithStatus(now.minus(maxAge), List.of("running", "failed"))
                .concatMap(this::reevaluate)
                .collectList()
                .map(ReevaluateRunningFlows::summarise);
    }

    private Mono<Outcome> reevaluate(StoredEvalOutput row) {
        if (row.runId() == null) {
            return Mono.just(Outcome.FAILED);
        }
        RunRef run = new RunRef(row.runId(), row.flow());
        return evaluateRun.preview(run, null)
                .flatMap(result -> outputs.update(row.id(), result, clock.instant())
                        .then(Notifications.ifTransition(notifier, run, row.output().status(), result))
                        .thenReturn(result.status() == row.output().status() ? Outcome.UNCHANGED : Outcome.CHANGED))
                .onErrorResume(EvaluationException.class, e -> Mono.just(Outcome.FAILED));
    }

    private static Summary summarise(List<Outcome> outcomes) {
        int updated = 0;
        int still = 0;
        int failed = 0;
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case CHANGED -> updated++;
                case UNCHANGED -> still++;
                case FAILED -> failed++;
            }
        }
        return new Summary(outcomes.size(), updated, still, failed);
    }

    private enum Outcome { CHANGED, UNCHANGED, FAILED }

}
