package io.flowproof.domain.evaluation;

import java.util.Locale;

/**
 * Statuses of evaluations and nodes. The evaluator produces PASSED, FAILED, RUNNING and (per node)
 * SKIPPED; ensure runs add TIMED_OUT, ERROR and CANCELLED; PENDING and FLAKY exist on the wire only.
 */
public enum EvalStatus {
    PENDING, RUNNING, PASSED, FAILED, SKIPPED, ERROR, CANCELLED, TIMED_OUT, FLAKY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EvalStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
