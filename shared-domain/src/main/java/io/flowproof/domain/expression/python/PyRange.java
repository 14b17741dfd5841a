package io.flowproof.domain.expression.python;

import java.math.BigInteger;

/** {@code range(start, stop, step)}: lazy, so {@code range(10**12)} costs nothing until iterated. */
final class PyRange {

    final long start;
    final long stop;
    final long step;
    final long length;

    PyRange(long start, long stop, long step) {
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.length = lengthOf(start, stop, step);
    }

    private static long lengthOf(long start, long stop, long step) {
        if ((step > 0 && start >= stop) || (step < 0 && start <= stop)) {
            return 0;
        }
        BigInteger span = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
        BigInteger s = BigInteger.valueOf(step);
        BigInteger n = span.subtract(s.signum() > 0 ? BigInteger.ONE : BigInteger.ONE.negate()).divide(s).add(BigInteger.ONE);
        return n.bitLength() < 63 ? n.longValue() : Long.MAX_VALUE;
    }

    long get(long index) {
        return start + index * step;
    }
}
