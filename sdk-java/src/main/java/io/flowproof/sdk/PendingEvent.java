package io.flowproof.sdk;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One accepted {@code ensure} call, waiting in the queue: everything resolved on the calling thread (run id,
 * timestamp, copies of the small lists), except {@code data} and {@code additionalMeta}, which are serialised on the
 * sender thread.
 */
record PendingEvent(String flow, String id, String runId, String type, Object data, long ts, String description,
        String[] depIds, Expr filter, Expr validator, long[] timeoutsMs, Map<String, ?> additionalMeta) {

    static final String ACT = "act";
    static final String ASSERT = "assert";

    /** Reasons an {@link Ensure} is refused; each kind is logged once. */
    static final class Invalid extends Exception {
        final String kind;

        Invalid(String kind, String message) {
            super(message, null, false, false); // no stack trace: this is a value, thrown on the caller's thread
            this.kind = kind;
        }
    }

    /** Snapshot of a builder; {@code requiredType} is {@code act}/{@code assert} for the typed helpers, else null. */
    static PendingEvent of(Ensure e, long ts, String requiredType) throws Invalid {
        if (e == null) {
            throw new Invalid("null-ensure", "ensure(null) ignored");
        }
        String id = e.id;
        String flow = e.flow;
        if (id == null || id.isBlank()) {
            throw new Invalid("missing-id", "Event dropped: missing node id (flow=" + flow + ")");
        }
        if (flow == null || flow.isBlank()) {
            throw new Invalid("missing-flow", "Event dropped: missing flow (id=" + id + ")");
        }
        String runId = resolveRunId(e, id, flow);
        if (e.data == null) {
            throw new Invalid("missing-data", "Event dropped: missing data (flow=" + flow + ", id=" + id + ")");
        }
        if (isNotAnObject(e.data)) {
            throw new Invalid("data-not-object", "Event dropped: data must serialise to a JSON object, got "
                    + e.data.getClass().getName() + " (flow=" + flow + ", id=" + id + ")");
        }
        if (e.filter != null && !e.filter.isUsable()) {
            throw new Invalid("bad-filter", "Event dropped: filter needs an engine and a script (flow=" + flow + ", id=" + id + ")");
        }
        if (e.validator != null && !e.validator.isUsable()) {
            throw new Invalid("bad-validator", "Event dropped: validator needs an engine and a script (flow=" + flow + ", id=" + id + ")");
        }
        String type = e.validator != null ? ASSERT : ACT;
        if (requiredType != null && !requiredType.equals(type)) {
            throw new Invalid("wrong-type-" + requiredType, ASSERT.equals(requiredType)
                    ? "Event dropped: assertThat() needs a validator (flow=" + flow + ", id=" + id + ")"
                    : "Event dropped: act() takes no validator, use assertThat() or ensure() (flow=" + flow + ", id=" + id + ")");
        }
        return new PendingEvent(flow, id, runId, type, e.data, ts, e.description, depIds(e, id, flow), e.filter,
                e.validator, timeouts(e.conditions, id, flow), e.additionalMeta);
    }

    private static String resolveRunId(Ensure e, String id, String flow) throws Invalid {
        String runId = e.runId;
        if (e.runIdSupplier != null) {
            try {
                runId = e.runIdSupplier.get();
            } catch (RuntimeException | Error failure) {
                if (failure instanceof VirtualMachineError vmError) {
                    throw vmError;
                }
                throw new Invalid("run-id-supplier", "Event dropped: the run id supplier threw " + failure
                        + " (flow=" + flow + ", id=" + id + ")");
            }
        }
        if (runId == null || runId.isBlank()) {
            throw new Invalid("missing-run-id", "Event dropped: missing run id (flow=" + flow + ", id=" + id + ")");
        }
        return runId;
    }

    private static boolean isNotAnObject(Object data) {
        return data instanceof CharSequence || data instanceof Number || data instanceof Boolean
                || data instanceof Character || data instanceof Collection || data instanceof Enum
                || data.getClass().isArray();
    }

    private static String[] depIds(Ensure e, String id, String flow) throws Invalid {
        Object source = e.depIds;
        if (source == null) {
            return null;
        }
        Object[] values = source instanceof String[] array ? array : ((Collection<?>) source).toArray();
        String[] copy = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] instanceof String dep) || dep.isBlank()) {
                throw new Invalid("bad-dep-id", "Event dropped: dep_ids contains a null or blank id (flow=" + flow + ", id=" + id + ")");
            }
            copy[i] = dep;
        }
        return copy;
    }

    private static long[] timeouts(List<Condition> conditions, String id, String flow) throws Invalid {
        if (conditions == null) {
            return null;
        }
        long[] timeouts = new long[conditions.size()];
        for (int i = 0; i < timeouts.length; i++) {
            Condition condition = conditions.get(i);
            if (condition == null || !condition.isUsable()) {
                throw new Invalid("bad-condition", "Event dropped: a condition is null or its timeout is not positive (flow="
                        + flow + ", id=" + id + ")");
            }
            timeouts[i] = condition.timeoutMs();
        }
        return timeouts;
    }
}
