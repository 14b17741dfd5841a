package io.flowproof.functions.telemetry;

import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.EvaluationException;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link Telemetry} as Micrometer meters ({@link MeterNames}), scraped at {@code /actuator/prometheus}.
 *
 * <p>Every meter with a bounded tag set is registered up front and looked up in an {@link EnumMap}, so reporting
 * is an array index plus an atomic add: no meter lookup, no tag allocation on the hot path (one call per ingested
 * batch, one per evaluated run). Trigger handlers are open-ended strings, so their timers are cached on first use.
 */
public final class MicrometerTelemetry implements Telemetry {

    private final MeterRegistry registry;
    private final Counter eventsIngested;
    private final Counter batchesAccepted;
    private final Map<BatchRefusal, Counter> batchesRefused = new EnumMap<>(BatchRefusal.class);
    private final Map<EvaluationMode, Timer> evaluationDuration = new EnumMap<>(EvaluationMode.class);
    private final Map<EvaluationMode, Map<EvalStatus, Counter>> evaluations = new EnumMap<>(EvaluationMode.class);
    private final Map<EvaluationMode, Map<EvaluationException.Reason, Counter>> skipped = new EnumMap<>(EvaluationMode.class);
    private final Map<EnsureState, Counter> transitions = new EnumMap<>(EnsureState.class);
    private final Map<String, Timer> triggers = new ConcurrentHashMap<>();
    private final Timer pollDuration;
    private final Counter pollAdvanced;

    public MicrometerTelemetry(MeterRegistry registry) {
        this.registry = registry;
        eventsIngested = Counter.builder(MeterNames.EVENTS_INGESTED).description("Events committed by ingest").register(registry);
        batchesAccepted = Counter.builder(MeterNames.BATCHES_ACCEPTED).description("Event batches committed").register(registry);
        for (BatchRefusal reason : BatchRefusal.values()) {
            batchesRefused.put(reason, Counter.builder(MeterNames.BATCHES_REFUSED).description("Event batches refused; nothing stored")
                    .tag("reason", tag(reason)).register(registry));
        }
        for (EvaluationMode mode : EvaluationMode.values()) {
            evaluationDuration.put(mode, Timer.builder(MeterNames.EVALUATION_DURATION)
                    .description("The evaluator's time for one run (no database time)")
                    .tag("mode", tag(mode)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
            Map<EvalStatus, Counter> byStatus = new EnumMap<>(EvalStatus.class);
            for (EvalStatus status : EvalStatus.values()) {
                byStatus.put(status, Counter.builder(MeterNames.EVALUATIONS).description("Runs evaluated, by result status")
                        .tag("mode", tag(mode)).tag("status", status.wireName()).register(registry));
            }
            evaluations.put(mode, byStatus);
            Map<EvaluationException.Reason, Counter> byReason = new EnumMap<>(EvaluationException.Reason.class);
            for (EvaluationException.Reason reason : EvaluationException.Reason.values()) {
                byReason.put(reason, Counter.builder(MeterNames.EVALUATIONS_SKIPPED).description("Runs that could not be evaluated")
                        .tag("mode", tag(mode)).tag("reason", tag(reason)).register(registry));
            }
            skipped.put(mode, byReason);
        }
        for (EnsureState state : EnsureState.values()) {
            transitions.put(state, Counter.builder(MeterNames.ENSURE_TRANSITIONS).description("Ensure runs that entered a state")
                    .tag("state", state.wireName()).register(registry));
        }
        pollDuration = Timer.builder(MeterNames.POLL_DURATION).description("One poll tick: cron schedules and every due ensure run")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        pollAdvanced = Counter.builder(MeterNames.POLL_RUNS_ADVANCED).description("Ensure runs advanced by poll ticks").register(registry);
    }

    static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void batchAccepted(int events) {
        batchesAccepted.increment();
        eventsIngested.increment(events);
    }

    @Override
    public void batchRefused(BatchRefusal reason) {
        batchesRefused.get(reason).increment();
    }

    @Override
    public void runEvaluated(EvaluationMode mode, RunRef run, EvalStatus status, long nanos) {
        evaluations.get(mode).get(status).increment();
        evaluationDuration.get(mode).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void runNotEvaluated(EvaluationMode mode, RunRef run, EvaluationException.Reason reason) {
        skipped.get(mode).get(reason).increment();
    }

    @Override
    public void ensureMoved(EnsureRun run, EnsureState from) {
        transitions.get(run.state()).increment();
    }

    @Override
    public void triggerFired(EnsureRun run, String handler, boolean succeeded, long nanos) {
        String outcome = succeeded ? "success" : "failure";
        triggers.computeIfAbsent(handler + '\n' + outcome, key -> Timer.builder(MeterNames.TRIGGER_DURATION)
                        .description("One trigger attempt of an ensure run").tag("handler", handler).tag("outcome", outcome)
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(5)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void pollTicked(PollSummary summary, long nanos) {
        pollDuration.record(nanos, TimeUnit.NANOSECONDS);
        pollAdvanced.increment(summary.advanced());
    }
}
