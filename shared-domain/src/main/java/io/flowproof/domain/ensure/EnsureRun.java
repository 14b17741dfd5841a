package io.flowproof.domain.ensure;

import io.flowproof.domain.evaluation.EvalResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One durable ensure execution: fire the flow's trigger nodes in dependency order, extract the run id, then
 * re-evaluate the run until it passes, fails or reaches its deadline.
 *
 * @param id the ensure run id (a UUID); with a step id it forms every side effect's idempotency key
 * @param flow the flow
 * @param state where the run is
 * @param origin who started it
 * @param idempotencyKey the caller's key (unique per flow), or null
 * @param options timeout, poll interval and retry policy, fixed at start
 * @param triggers the flow's trigger node ids in dependency order, fixed at start
 * @param outputs each completed trigger's output, by node id (completed steps are never re-run)
 * @param currentStep the trigger being attempted, or null
 * @param attempt attempts of {@code currentStep} so far
 * @param evaluations evaluations so far
 * @param runId the run id extracted from the last trigger, or null before
 * @param triggerEventId the stored trigger event, or null before
 * @param lastResult the latest evaluation (or the terminal output), or null
 * @param error why the run ended in {@code error}, or null
 * @param deadline when the run times out
 * @param wakeAt when a poller should look at the run next; null once finished. While a poller holds the run
 *     it equals the lease expiry, so an abandoned run becomes due again by itself
 * @param leaseOwner the poller holding the run, or null
 * @param leaseUntil when that lease expires, or null
 */
public record EnsureRun(
        String id,
        String flow,
        EnsureState state,
        EnsureOrigin origin,
        String idempotencyKey,
        EnsureOptions options,
        List<String> triggers,
        Map<String, Object> outputs,
        String currentStep,
        int attempt,
        int evaluations,
        String runId,
        String triggerEventId,
        EvalResult lastResult,
        String error,
        Instant deadline,
        Instant wakeAt,
        String leaseOwner,
        Instant leaseUntil,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {

    public EnsureRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(createdAt, "createdAt");
        triggers = List.copyOf(triggers);
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** A new run, due at once. */
    public static EnsureRun pending(String id, String flow, EnsureOrigin origin, String idempotencyKey, EnsureOptions options,
            List<String> triggers, Instant now) {
        return new EnsureRun(id, flow, EnsureState.PENDING, origin, idempotencyKey, options, triggers, Map.of(), null, 0, 0,
                null, null, null, null, now.plus(options.timeout()), now, null, null, now, now, null);
    }

    /** The first trigger whose output is not recorded yet, or null when every trigger completed. */
    public String nextTrigger() {
        for (String trigger : triggers) {
            if (!outputs.containsKey(trigger)) {
                return trigger;
            }
        }
        return null;
    }

    public boolean isFinished() {
        return state.isFinished();
    }

    /** This run held by {@code owner} until {@code until} (which is also when it is due again). */
    public EnsureRun leasedTo(String owner, Instant until) {
        return edit().leaseOwner(owner).leaseUntil(until).wakeAt(until).build();
    }

    /** This run with no lease (what pollers write when they let go of a run). */
    public EnsureRun released() {
        return edit().leaseOwner(null).leaseUntil(null).build();
    }

    public Builder edit() {
        return new Builder(this);
    }

    /** Copies a run with some fields changed. */
    public static final class Builder {
        private final EnsureRun base;
        private EnsureState state;
        private Map<String, Object> outputs;
        private String currentStep;
        private int attempt;
        private int evaluations;
        private String runId;
        private String triggerEventId;
        private EvalResult lastResult;
        private String error;
        private Instant wakeAt;
        private String leaseOwner;
        private Instant leaseUntil;
        private Instant updatedAt;
        private Instant finishedAt;

        private Builder(EnsureRun run) {
            base = run;
            state = run.state;
            outputs = run.outputs;
            currentStep = run.currentStep;
            attempt = run.attempt;
            evaluations = run.evaluations;
            runId = run.runId;
            triggerEventId = run.triggerEventId;
            lastResult = run.lastResult;
            error = run.error;
            wakeAt = run.wakeAt;
            leaseOwner = run.leaseOwner;
            leaseUntil = run.leaseUntil;
            updatedAt = run.updatedAt;
            finishedAt = run.finishedAt;
        }

        public Builder state(EnsureState value) { state = value; return this; }
        public Builder outputs(Map<String, Object> value) { outputs = value; return this; }
        public Builder currentStep(String value) { currentStep = value; return this; }
        public Builder attempt(int value) { attempt = value; return this; }
        public Builder evaluations(int value) { evaluations = value; return this; }
        public Builder runId(String value) { runId = value; return this; }
        public Builder triggerEventId(String value) { triggerEventId = value; return this; }
        public Builder lastResult(EvalResult value) { lastResult = value; return this; }
        public Builder error(String value) { error = value; return this; }
        public Builder wakeAt(Instant value) { wakeAt = value; return this; }
        public Builder leaseOwner(String value) { leaseOwner = value; return this; }
        public Builder leaseUntil(Instant value) { leaseUntil = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        public Builder finishedAt(Instant value) { finishedAt = value; return this; }

        public EnsureRun build() {
            return new EnsureRun(base.id, base.flow, state, base.origin, base.idempotencyKey, base.options, base.triggers,
                    outputs, currentStep, attempt, evaluations, runId, triggerEventId, lastResult, error, base.deadline,
                    wakeAt, leaseOwner, leaseUntil, base.createdAt, updatedAt, finishedAt);
        }
    }
}
