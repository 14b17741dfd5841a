package io.flowproof.domain.expression.python;

import io.flowproof.domain.expression.ExpressionLimitException;

/**
 * The state of one evaluation: variable slots, the step budget and the wall-clock guard. A new frame
 * is made per call of {@code evaluate}, which is what makes a compiled script safe to share between threads.
 *
 * <p>Steps are counted per loop iteration, per element consumed by a builtin and per function call,
 * and bulk operations (string/list building, scanning) are charged in proportion to their size. The
 * clock is read only every {@value #CHECK_INTERVAL} steps and the time limit starts at the first such
 * check, so a short script never reads the clock and is never cut by a GC pause.
 */
final class Frame {

    static final Object UNBOUND = new Object() {
        @Override
        public String toString() {
            return "<unbound>";
        }
    };

    static final int CHECK_INTERVAL = 1024;

    final Object[] slots;
    private final long maxSteps;
    private final long timeLimitNanos;
    private long steps;
    private long nextCheck = CHECK_INTERVAL;
    private boolean clockStarted;
    private long deadline;
    private int callDepth;
    private int[] activeCalls;
    private final int maxCallDepth;
    Object returnValue;

    Frame(int slotCount, long maxSteps, long timeLimitNanos, int maxCallDepth) {
        this.slots = new Object[slotCount];
        this.maxSteps = maxSteps;
        this.timeLimitNanos = timeLimitNanos;
        this.maxCallDepth = maxCallDepth;
    }

    /** One unit of work (a loop iteration, an element, a call). */
    void step() {
        if (++steps >= nextCheck) {
            checkpoint();
        }
    }

    /** Work proportional to a size, e.g. {@code size >> 4} for scanning or copying {@code size} elements. */
    void charge(long units) {
        steps += units;
        if (steps >= nextCheck) {
            checkpoint();
        }
    }

    private void checkpoint() {
        if (steps > maxSteps) {
            throw new ExpressionLimitException("step limit exceeded: the script did more than " + maxSteps
                    + " steps of work (an endless or very long loop?)");
        }
        long now = System.nanoTime();
        if (!clockStarted) {
            clockStarted = true;
            deadline = now + timeLimitNanos;
        } else if (now - deadline > 0) {
            throw new ExpressionLimitException("time limit exceeded: the script ran longer than "
                    + (timeLimitNanos / 1_000_000) + " ms");
        }
        nextCheck = steps + CHECK_INTERVAL;
    }

    /** Enters a user function; returns whether the function was already running (a recursive call). */
    boolean enter(int functionId, int functionCount) {
        if (++callDepth > maxCallDepth) {
            callDepth--;
            throw new ExpressionLimitException("maximum recursion depth exceeded (" + maxCallDepth + " nested calls)");
        }
        step();
        if (activeCalls == null) {
            activeCalls = new int[functionCount];
        }
        return activeCalls[functionId]++ > 0;
    }

    void exit(int functionId) {
        callDepth--;
        activeCalls[functionId]--;
    }
}
