package io.flowproof.functions.telemetry;

/**
 * The meters, defined once for both outputs: Micrometer ({@code /actuator/prometheus}, where dots become
 * underscores, counters get {@code _total} and timers {@code _seconds_*}) and CloudWatch embedded-metric-format
 * lines on Lambda (same names, timers in milliseconds). Tags/dimensions are bounded sets (no flow names, no ids).
 */
public final class MeterNames {

    /** Counter: events committed by {@code POST /v1/events-batch}. */
    public static final String EVENTS_INGESTED = "flowproof.events.ingested";
    /** Counter: batches committed. */
    public static final String BATCHES_ACCEPTED = "flowproof.batches.accepted";
    /** Counter, tag {@code reason} (invalid, too_large, unavailable, error): batches refused, nothing stored. */
    public static final String BATCHES_REFUSED = "flowproof.batches.refused";
    /** Counter, tags {@code mode} (on_demand, auto, ensure) and {@code status} (passed, failed, running, ...). */
    public static final String EVALUATIONS = "flowproof.evaluations";
    /** Counter, tags {@code mode} and {@code reason} (no_events, no_nodes, cycle, unknown_start_node). */
    public static final String EVALUATIONS_SKIPPED = "flowproof.evaluations.skipped";
    /** Timer with histogram, tag {@code mode}: the evaluator's time for one run (no database time). */
    public static final String EVALUATION_DURATION = "flowproof.evaluation.duration";
    /** Counter, tag {@code state}: ensure runs that entered a state (pending, triggering, waiting, passed, ...). */
    public static final String ENSURE_TRANSITIONS = "flowproof.ensure.transitions";
    /** Timer with histogram, tags {@code handler} and {@code outcome} (success, failure): one trigger attempt. */
    public static final String TRIGGER_DURATION = "flowproof.trigger.duration";
    /** Timer with histogram: one poll tick (schedules + advancing every due ensure run). */
    public static final String POLL_DURATION = "flowproof.poll.duration";
    /** Counter: ensure runs advanced by poll ticks (their transition persisted). */
    public static final String POLL_RUNS_ADVANCED = "flowproof.poll.runs.advanced";

    private MeterNames() {
    }
}
