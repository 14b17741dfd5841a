package io.flowproof.domain.expression.js;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * A Rhino context that carries the budget of the evaluation running in it: instructions left and the
 * bytes the thread may still allocate. {@link JsSandbox#observeInstructionCount} charges it.
 *
 * <p>The allocation budget reads the thread's allocated-bytes counter of HotSpot's
 * {@code com.sun.management.ThreadMXBean} through a method handle (the domain module imports only
 * {@code java.*} and the engine libraries); on a JVM without it, only the instruction budget and the
 * built-in size guards apply.
 */
final class BudgetContext extends Context {

    private static final MethodHandle ALLOCATED_BYTES = allocatedBytesCounter();

    private long instructionsLeft;
    private long allocationLimit;

    BudgetContext(ContextFactory factory) {
        super(factory);
    }

    /** Starts the budget of one evaluation. */
    void startBudget(long instructions, long bytes) {
        instructionsLeft = instructions;
        long allocated = allocatedBytes();
        allocationLimit = allocated < 0 ? Long.MAX_VALUE : allocated + bytes;
    }

    /** Charges executed instructions; throws when a budget is spent. */
    void charge(int instructions) {
        instructionsLeft -= instructions;
        if (instructionsLeft < 0) {
            throw new LimitExceeded("the script ran too long (instruction limit reached; is there an endless loop?)");
        }
        if (allocatedBytes() > allocationLimit) {
            throw new LimitExceeded("the script allocated too much memory");
        }
    }

    private static long allocatedBytes() {
        if (ALLOCATED_BYTES == null) {
            return -1;
        }
        try {
            return (long) ALLOCATED_BYTES.invokeExact();
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle allocatedBytesCounter() {
        try {
            Object bean = ManagementFactory.getThreadMXBean();
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            if (!type.isInstance(bean)) {
                return null;
            }
            MethodHandle handle = MethodHandles.publicLookup()
                    .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                    .bindTo(bean);
            long probe = (long) handle.invokeExact();
            return probe < 0 ? null : handle;
        } catch (Throwable e) {
            return null;
        }
    }
}
