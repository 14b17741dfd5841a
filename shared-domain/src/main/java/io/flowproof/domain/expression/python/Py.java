package io.flowproof.domain.expression.python;

import io.flowproof.domain.expression.ExpressionLimitException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Python semantics over JSON-like Java values: truthiness, equality, ordering, arithmetic,
 * subscripts, membership and iteration.
 *
 * <p>Value model: {@code None}=null, bool={@link Boolean}, int={@link Long} (or {@link BigInteger}
 * beyond 64 bits; other integral {@link Number}s from callers are accepted), float={@link Double},
 * str={@link String}, list={@link List}, tuple={@link PyTuple}, dict={@link Map}, set={@link Set}.
 */
final class Py {

    /** Largest string, list, dict or set a script may build. */
    static final int MAX_SIZE = 1_000_000;
    /** Largest int a script may build, in bits. */
    static final int MAX_INT_BITS = 100_000;

    static final Object MISSING = new Object();

    static final int ADD = 0;
    static final int SUB = 1;
    static final int MUL = 2;
    static final int TRUEDIV = 3;
    static final int FLOORDIV = 4;
    static final int MOD = 5;
    static final int POW = 6;
    static final int LSHIFT = 7;
    static final int RSHIFT = 8;
    static final int BITAND = 9;
    static final int BITOR = 10;
    static final int BITXOR = 11;

    static final int LT = 0;
    static final int LE = 1;
    static final int GT = 2;
    static final int GE = 3;

    private static final String[] SYMBOLS = {"+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^"};
    private static final String[] COMPARE_SYMBOLS = {"<", "<=", ">", ">="};
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final long EXACT_DOUBLE = 1L << 53;
    private static final String[] CHARS = new String[128];

    static {
        for (int i = 0; i < CHARS.length; i++) {
            CHARS[i] = String.valueOf((char) i);
        }
    }

    private Py() {}

    // ------------------------------------------------------------------ types

    static String typeName(Object o) {
        if (o == null) {
            return "NoneType";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Double || o instanceof Float || o instanceof BigDecimal) {
            return "float";
        }
        if (o instanceof Number) {
            return "int";
        }
        if (o instanceof PyTuple) {
            return "tuple";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof Set) {
            return "set";
        }
        if (o instanceof PyRange) {
            return "range";
        }
        if (o instanceof PyIterator it) {
            return it.typeName;
        }
        if (o instanceof Builtin b) {
            return b.isType() ? "type" : "builtin_function_or_method";
        }
        if (o instanceof BoundMethod) {
            return "builtin_function_or_method";
        }
        if (o instanceof PyFunction) {
            return "function";
        }
        return "object";
    }

    /** 0: not a number, 1: int that fits a long (incl. bool), 2: big int, 3: float. */
    static int numKind(Object o) {
        if (o instanceof Long || o instanceof Boolean || o instanceof Integer || o instanceof Short
                || o instanceof Byte) {
            return 1;
        }
        if (o instanceof Double || o instanceof Float || o instanceof BigDecimal) {
            return 3;
        }
        if (o instanceof BigInteger) {
            return 2;
        }
        return 0;
    }

    static boolean isInt(Object o) {
        int k = numKind(o);
        return k == 1 || k == 2;
    }

    static long toLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) o).longValue();
    }

    static BigInteger toBig(Object o) {
        if (o instanceof BigInteger b) {
            return b;
        }
        return BigInteger.valueOf(toLong(o));
    }

    static double toDouble(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof BigInteger b) {
            double d = b.doubleValue();
            if (Double.isInfinite(d)) {
                throw PyError.overflow("int too large to convert to float");
            }
            return d;
        }
        return ((Number) o).doubleValue();
    }

    static Object normalize(BigInteger b) {
        if (b.bitLength() < 64) {
            return b.longValue();
        }
        if (b.bitLength() > MAX_INT_BITS) {
            throw new ExpressionLimitException("int too large: more than " + MAX_INT_BITS + " bits");
        }
        return b;
    }

    /** An int argument (index, count, repetition) as a long; a bool counts as an int. */
    static long index(Object o, String what) {
        if (o instanceof Long l) {
            return l;
        }
        int k = numKind(o);
        if (k == 1) {
            return toLong(o);
        }
        if (k == 2) {
            BigInteger b = (BigInteger) o;
            return b.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        throw PyError.type(what + typeName(o));
    }

    static String charAt(String s, int i) {
        char c = s.charAt(i);
        return c < 128 ? CHARS[c] : String.valueOf(c);
    }

    static void checkSize(long size) {
        if (size > MAX_SIZE) {
            throw new ExpressionLimitException("value too large: " + (size == Long.MAX_VALUE ? "far more than "
                    + MAX_SIZE : String.valueOf(size)) + " elements or characters (the limit is " + MAX_SIZE + ")");
        }
    }

    // ------------------------------------------------------------------ truthiness and equality

    static boolean truthy(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        if (o == null) {
            return false;
        }
        if (o instanceof Long l) {
            return l != 0;
        }
        if (o instanceof String s) {
            return !s.isEmpty();
        }
        if (o instanceof Double d) {
            return d != 0.0;
        }
        if (o instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (o instanceof BigInteger b) {
            return b.signum() != 0;
        }
        if (o instanceof Number n) {
            return n.doubleValue() != 0.0;
        }
        if (o instanceof PyRange r) {
            return r.length > 0;
        }
        return true;
    }

    static boolean eq(Object a, Object b) {
        if (a == b) {
            return !(a instanceof Double d && d.isNaN());
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof String) {
            return a.equals(b);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        int ka = numKind(a);
        if (ka != 0) {
            int kb = numKind(b);
            return kb != 0 && numCompare(a, b, ka, kb, true) == 0;
        }
        if (a instanceof List<?> x) {
            if (!(b instanceof List<?> y) || (a instanceof PyTuple) != (b instanceof PyTuple) || x.size() != y.size()) {
                return false;
            }
            for (int i = 0, n = x.size(); i < n; i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x) {
            if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object other = mapGet(y, e.getKey());
                if (other == MISSING || !eq(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Set<?> x) {
            if (!(b instanceof Set<?> y) || x.size() != y.size()) {
                return false;
            }
            for (Object o : x) {
                if (!setHas(y, o)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof PyRange x) {
            if (!(b instanceof PyRange y) || x.length != y.length) {
                return false;
            }
            return x.length == 0 || (x.start == y.start && (x.length == 1 || x.step == y.step));
        }
        return false;
    }

    /**
     * Compares two numbers exactly (an int and a float compare by value, as in Python).
     *
     * @return negative, zero or positive; for NaN, 2 (never equal, never ordered)
     */
    static int numCompare(Object a, Object b, int ka, int kb, boolean forEquality) {
        if (ka == 1 && kb == 1) {
            return Long.compare(toLong(a), toLong(b));
        }
        if (ka != 3 && kb != 3) {
            return toBig(a).compareTo(toBig(b));
        }
        if (ka == 3 && kb == 3) {
            double x = toDouble(a);
            double y = toDouble(b);
            return x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
        }
        boolean floatLeft = ka == 3;
        double d = floatLeft ? toDouble(a) : toDouble(b);
        Object i = floatLeft ? b : a;
        int c;
        if (Double.isNaN(d)) {
            return 2;
        } else if (Double.isInfinite(d)) {
            c = d > 0 ? 1 : -1;
        } else if (i instanceof Long || numKind(i) == 1) {
            long l = toLong(i);
            if (l > -EXACT_DOUBLE && l < EXACT_DOUBLE) {
                double li = l;
                c = d < li ? -1 : d > li ? 1 : 0;
            } else {
                c = new BigDecimal(d).compareTo(new BigDecimal(l));
            }
        } else {
            c = new BigDecimal(d).compareTo(new BigDecimal(toBig(i)));
        }
        return floatLeft ? c : -c;
    }

    static boolean compare(int op, Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long l = x;
            long r = y;
            return switch (op) {
                case LT -> l < r;
                case LE -> l <= r;
                case GT -> l > r;
                default -> l >= r;
            };
        }
        int c;
        int ka = numKind(a);
        int kb = ka == 0 ? 0 : numKind(b);
        if (ka != 0 && kb != 0) {
            c = numCompare(a, b, ka, kb, false);
            if (c == 2) {
                return false;
            }
        } else if (a instanceof Set<?> x && b instanceof Set<?> y) {
            return switch (op) {
                case LT -> x.size() < y.size() && subset(x, y);
                case LE -> subset(x, y);
                case GT -> x.size() > y.size() && subset(y, x);
                default -> subset(y, x);
            };
        } else {
            c = order(a, b, op);
        }
        return switch (op) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        };
    }

    private static boolean subset(Set<?> small, Set<?> big) {
        for (Object o : small) {
            if (!setHas(big, o)) {
                return false;
            }
        }
        return true;
    }

    /** A total order for sorting and comparisons; raises TypeError for values Python cannot order. */
    static int order(Object a, Object b, int op) {
        int ka = numKind(a);
        if (ka != 0) {
            int kb = numKind(b);
            if (kb != 0) {
                int c = numCompare(a, b, ka, kb, false);
                return c == 2 ? 0 : c;
            }
        } else if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        } else if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof PyTuple) == (b instanceof PyTuple)) {
            int n = Math.min(x.size(), y.size());
            for (int i = 0; i < n; i++) {
                Object l = x.get(i);
                Object r = y.get(i);
                if (!eq(l, r)) {
                    return order(l, r, op);
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw PyError.type("'" + COMPARE_SYMBOLS[op] + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    /** Python {@code is}: identity for containers, value identity for None, bools, numbers and strings. */
    static boolean is(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Boolean || a instanceof String || a instanceof Long || a instanceof Double) {
            return a.getClass() == b.getClass() && a.equals(b);
        }
        return false;
    }

    // ------------------------------------------------------------------ arithmetic

    static Object binary(Frame f, int op, Object a, Object b) {
        return switch (op) {
            case ADD -> add(f, a, b);
            case SUB -> sub(a, b);
            case MUL -> mul(f, a, b);
            default -> arithmetic(f, op, a, b);
        };
    }

    static Object add(Frame f, Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long l = x;
            long r = y;
            long s = l + r;
            if (((l ^ s) & (r ^ s)) < 0) {
                return normalize(BigInteger.valueOf(l).add(BigInteger.valueOf(r)));
            }
            return s;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x + y;
        }
        if (a instanceof String x) {
            if (b instanceof String y) {
                long n = (long) x.length() + y.length();
                checkSize(n);
                f.charge(n >> 6);
                return x.concat(y);
            }
            throw PyError.type("can only concatenate str (not \"" + typeName(b) + "\") to str");
        }
        if (a instanceof List<?> x && !(a instanceof Map)) {
            boolean tuple = a instanceof PyTuple;
            if (b instanceof List<?> y && (b instanceof PyTuple) == tuple) {
                long n = (long) x.size() + y.size();
                checkSize(n);
                f.charge(n >> 4);
                if (tuple) {
                    Object[] items = new Object[(int) n];
                    int i = 0;
                    for (Object o : x) {
                        items[i++] = o;
                    }
                    for (Object o : y) {
                        items[i++] = o;
                    }
                    return new PyTuple(items);
                }
                PyList out = new PyList((int) n);
                out.addAll(x);
                out.addAll(y);
                return out;
            }
            String kind = tuple ? "tuple" : "list";
            throw PyError.type("can only concatenate " + kind + " (not \"" + typeName(b) + "\") to " + kind);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            throw PyError.unsupported("+", a, b);
        }
        return arithmetic(f, ADD, a, b);
    }

    static Object sub(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long l = x;
            long r = y;
            long d = l - r;
            if (((l ^ r) & (l ^ d)) < 0) {
                return normalize(BigInteger.valueOf(l).subtract(BigInteger.valueOf(r)));
            }
            return d;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x - y;
        }
        if (a instanceof Set<?> x && b instanceof Set<?> y) {
            PySet out = new PySet();
            for (Object o : x) {
                if (!setHas(y, o)) {
                    out.add(o);
                }
            }
            return out;
        }
        return arithmetic(null, SUB, a, b);
    }

    static Object mul(Frame f, Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long l = x;
            long r = y;
            long hi = Math.multiplyHigh(l, r);
            long lo = l * r;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                return lo;
            }
            return normalize(BigInteger.valueOf(l).multiply(BigInteger.valueOf(r)));
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x * y;
        }
        if (isSequence(a) && isInt(b)) {
            return repeat(f, a, b);
        }
        if (isSequence(b) && isInt(a)) {
            return repeat(f, b, a);
        }
        if (isSequence(a) && numKind(b) == 3 || isSequence(b) && numKind(a) == 3) {
            throw PyError.type("can't multiply sequence by non-int of type 'float'");
        }
        return arithmetic(f, MUL, a, b);
    }

    private static boolean isSequence(Object o) {
        return o instanceof String || o instanceof List;
    }

    private static Object repeat(Frame f, Object seq, Object times) {
        long n = Math.max(0, index(times, ""));
        if (seq instanceof String s) {
            if (s.isEmpty() || n == 0) {
                return "";
            }
            long size = n > MAX_SIZE ? Long.MAX_VALUE : s.length() * n;
            checkSize(size);
            f.charge(size >> 6);
            return s.repeat((int) n);
        }
        List<?> list = (List<?>) seq;
        long size = list.isEmpty() ? 0 : n > MAX_SIZE ? Long.MAX_VALUE : list.size() * n;
        checkSize(size);
        f.charge(size >> 4);
        if (seq instanceof PyTuple t) {
            Object[] items = new Object[(int) size];
            for (int i = 0; i < size; i++) {
                items[i] = t.items[i % t.items.length];
            }
            return new PyTuple(items);
        }
        PyList out = new PyList((int) size);
        for (long i = 0; i < n; i++) {
            out.addAll(list);
        }
        return out;
    }

    static Object arithmetic(Frame f, int op, Object a, Object b) {
        int ka = numKind(a);
        int kb = numKind(b);
        if (ka == 0 || kb == 0) {
            return nonNumeric(op, a, b);
        }
        int k = Math.max(ka, kb);
        if (k == 3) {
            if (op >= LSHIFT) {
                throw PyError.unsupported(SYMBOLS[op], a, b);
            }
            return floatOp(op, toDouble(a), toDouble(b));
        }
        if (k == 1) {
            return longOp(op, toLong(a), toLong(b));
        }
        return bigOp(op, toBig(a), toBig(b));
    }

    private static Object nonNumeric(int op, Object a, Object b) {
        if (a instanceof Set<?> x && b instanceof Set<?> y) {
            PySet out = new PySet();
            switch (op) {
                case BITOR -> {
                    out.addAll(x);
                    for (Object o : y) {
                        if (!setHas(out, o)) {
                            out.add(o);
                        }
                    }
                }
                case BITAND -> {
                    for (Object o : x) {
                        if (setHas(y, o)) {
                            out.add(o);
                        }
                    }
                }
                case BITXOR -> {
                    for (Object o : x) {
                        if (!setHas(y, o)) {
                            out.add(o);
                        }
                    }
                    for (Object o : y) {
                        if (!setHas(x, o)) {
                            out.add(o);
                        }
                    }
                }
                default -> throw PyError.unsupported(SYMBOLS[op], a, b);
            }
            return out;
        }
        if (op == BITOR && a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            PyDict out = new PyDict(x);
            out.putAll(y);
            return out;
        }
        if (op == MOD && a instanceof String s) {
            return Format.percent(s, b);
        }
        throw PyError.unsupported(SYMBOLS[op], a, b);
    }

    private static Object longOp(int op, long x, long y) {
        switch (op) {
            case ADD:
            case SUB:
            case MUL:
                return bigOp(op, BigInteger.valueOf(x), BigInteger.valueOf(y));
            case TRUEDIV:
                if (y == 0) {
                    throw PyError.zeroDivision("division by zero");
                }
                if (x > -EXACT_DOUBLE && x < EXACT_DOUBLE && y > -EXACT_DOUBLE && y < EXACT_DOUBLE) {
                    return (double) x / (double) y;
                }
                return new BigDecimal(x).divide(new BigDecimal(y), MathContext.DECIMAL128).doubleValue();
            case FLOORDIV:
                if (y == 0) {
                    throw PyError.zeroDivision("integer division or modulo by zero");
                }
                if (x == Long.MIN_VALUE && y == -1) {
                    return BigInteger.valueOf(x).negate();
                }
                return Math.floorDiv(x, y);
            case MOD:
                if (y == 0) {
                    throw PyError.zeroDivision("integer modulo by zero");
                }
                return y == -1 ? 0L : Math.floorMod(x, y);
            case POW:
                if (y < 0) {
                    if (x == 0) {
                        throw PyError.zeroDivision("0.0 cannot be raised to a negative power");
                    }
                    return Math.pow(x, y);
                }
                return power(x, y);
            case LSHIFT:
                if (y < 0) {
                    throw PyError.value("negative shift count");
                }
                if (y < 63 && (x == 0 || Long.numberOfLeadingZeros(Math.abs(x)) > y + 1) && x != Long.MIN_VALUE) {
                    return x << y;
                }
                return bigOp(op, BigInteger.valueOf(x), BigInteger.valueOf(y));
            case RSHIFT:
                if (y < 0) {
                    throw PyError.value("negative shift count");
                }
                return y >= 64 ? (x < 0 ? -1L : 0L) : x >> y;
            case BITAND:
                return x & y;
            case BITOR:
                return x | y;
            default:
                return x ^ y;
        }
    }

    private static Object power(long base, long exponent) {
        long result = 1;
        long b = base;
        long e = exponent;
        try {
            while (e > 0) {
                if ((e & 1) == 1) {
                    result = Math.multiplyExact(result, b);
                }
                e >>= 1;
                if (e > 0) {
                    b = Math.multiplyExact(b, b);
                }
            }
            return result;
        } catch (ArithmeticException overflow) {
            return bigOp(POW, BigInteger.valueOf(base), BigInteger.valueOf(exponent));
        }
    }

    private static Object bigOp(int op, BigInteger x, BigInteger y) {
        switch (op) {
            case ADD:
                return normalize(x.add(y));
            case SUB:
                return normalize(x.subtract(y));
            case MUL:
                if ((long) x.bitLength() + y.bitLength() > MAX_INT_BITS + 1) {
                    throw new ExpressionLimitException("int too large: more than " + MAX_INT_BITS + " bits");
                }
                return normalize(x.multiply(y));
            case TRUEDIV: {
                if (y.signum() == 0) {
                    throw PyError.zeroDivision("division by zero");
                }
                double d = new BigDecimal(x).divide(new BigDecimal(y), MathContext.DECIMAL128).doubleValue();
                if (Double.isInfinite(d)) {
                    throw PyError.overflow("integer division result too large for a float");
                }
                return d;
            }
            case FLOORDIV: {
                if (y.signum() == 0) {
                    throw PyError.zeroDivision("integer division or modulo by zero");
                }
                BigInteger[] qr = x.divideAndRemainder(y);
                BigInteger q = qr[0];
                if (qr[1].signum() != 0 && qr[1].signum() != y.signum()) {
                    q = q.subtract(BigInteger.ONE);
                }
                return normalize(q);
            }
            case MOD: {
                if (y.signum() == 0) {
                    throw PyError.zeroDivision("integer modulo by zero");
                }
                BigInteger r = x.mod(y.abs());
                if (y.signum() < 0 && r.signum() != 0) {
                    r = r.add(y);
                }
                return normalize(r);
            }
            case POW: {
                if (y.signum() < 0) {
                    if (x.signum() == 0) {
                        throw PyError.zeroDivision("0.0 cannot be raised to a negative power");
                    }
                    return Math.pow(toDouble(x), toDouble(y));
                }
                if (x.equals(BigInteger.ONE) || x.signum() == 0) {
                    return normalize(x);
                }
                if (x.equals(BigInteger.ONE.negate())) {
                    return y.testBit(0) ? -1L : 1L;
                }
                if (y.bitLength() > 31 || (long) x.bitLength() * y.longValue() > MAX_INT_BITS + 64) {
                    throw new ExpressionLimitException("int too large: more than " + MAX_INT_BITS + " bits");
                }
                return normalize(x.pow(y.intValue()));
            }
            case LSHIFT:
                if (y.signum() < 0) {
                    throw PyError.value("negative shift count");
                }
                if (x.signum() == 0) {
                    return 0L;
                }
                if (y.bitLength() > 31 || x.bitLength() + y.longValue() > MAX_INT_BITS) {
                    throw new ExpressionLimitException("int too large: more than " + MAX_INT_BITS + " bits");
                }
                return normalize(x.shiftLeft(y.intValue()));
            case RSHIFT:
                if (y.signum() < 0) {
                    throw PyError.value("negative shift count");
                }
                return normalize(y.bitLength() > 31 ? BigInteger.valueOf(x.signum() < 0 ? -1 : 0) : x.shiftRight(y.intValue()));
            case BITAND:
                return normalize(x.and(y));
            case BITOR:
                return normalize(x.or(y));
            default:
                return normalize(x.xor(y));
        }
    }

    private static Object floatOp(int op, double x, double y) {
        switch (op) {
            case ADD:
                return x + y;
            case SUB:
                return x - y;
            case MUL:
                return x * y;
            case TRUEDIV:
                if (y == 0) {
                    throw PyError.zeroDivision("float division by zero");
                }
                return x / y;
            case FLOORDIV: {
                if (y == 0) {
                    throw PyError.zeroDivision("float floor division by zero");
                }
                return floorDivide(x, y);
            }
            case MOD: {
                if (y == 0) {
                    throw PyError.zeroDivision("float modulo");
                }
                return floatMod(x, y);
            }
            default: {
                if (x == 0 && y < 0) {
                    throw PyError.zeroDivision("0.0 cannot be raised to a negative power");
                }
                if (x < 0 && y != Math.rint(y) && !Double.isInfinite(y)) {
                    throw PyError.value("complex results are not supported");
                }
                double r = Math.pow(x, y);
                if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
                    throw PyError.overflow("(34, 'Numerical result out of range')");
                }
                return r;
            }
        }
    }

    static double floatMod(double x, double y) {
        double mod = x % y;
        if (mod != 0) {
            if ((y < 0) != (mod < 0)) {
                mod += y;
            }
        } else {
            mod = Math.copySign(0.0, y);
        }
        return mod;
    }

    static double floorDivide(double x, double y) {
        double mod = x % y;
        double div = (x - mod) / y;
        if (mod != 0 && (y < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div != 0) {
            double floor = Math.floor(div);
            if (div - floor > 0.5) {
                floor += 1.0;
            }
            return floor;
        }
        return Math.copySign(0.0, x / y);
    }

    static Object negate(Object o) {
        if (o instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : (Object) (-l);
        }
        if (o instanceof Double d) {
            return -d;
        }
        int k = numKind(o);
        if (k == 1) {
            return negate(toLong(o));
        }
        if (k == 2) {
            return normalize(toBig(o).negate());
        }
        if (k == 3) {
            return -toDouble(o);
        }
        throw PyError.type("bad operand type for unary -: '" + typeName(o) + "'");
    }

    static Object plus(Object o) {
        int k = numKind(o);
        if (k == 0) {
            throw PyError.type("bad operand type for unary +: '" + typeName(o) + "'");
        }
        return o instanceof Boolean b ? (Object) (b ? 1L : 0L) : o;
    }

    static Object invert(Object o) {
        int k = numKind(o);
        if (k == 1) {
            return ~toLong(o);
        }
        if (k == 2) {
            return normalize(toBig(o).not());
        }
        throw PyError.type("bad operand type for unary ~: '" + typeName(o) + "'");
    }

    // ------------------------------------------------------------------ containers

    /** Looks a key up with Python key semantics ({@code 1}, {@code 1.0} and {@code True} are the same key). */
    static Object mapGet(Map<?, ?> m, Object key) {
        if (key == null) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() == null) {
                    return e.getValue();
                }
            }
            return MISSING;
        }
        Object v = m.get(key);
        if (v != null || m.containsKey(key)) {
            return v;
        }
        if (numKind(key) != 0 && !m.isEmpty()) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (numKind(e.getKey()) != 0 && eq(key, e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return MISSING;
    }

    static boolean setHas(Set<?> s, Object item) {
        if (item == null) {
            for (Object o : s) {
                if (o == null) {
                    return true;
                }
            }
            return false;
        }
        if (s.contains(item)) {
            return true;
        }
        if (numKind(item) != 0) {
            for (Object o : s) {
                if (numKind(o) != 0 && eq(item, o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Raises TypeError for values that cannot be dict keys or set members. */
    static Object hashable(Object key) {
        if (key instanceof PyTuple t) {
            for (Object o : t.items) {
                hashable(o);
            }
            return key;
        }
        if (key instanceof List || key instanceof Map || key instanceof Set) {
            throw PyError.type("unhashable type: '" + typeName(key) + "'");
        }
        return key;
    }

    static boolean contains(Frame f, Object container, Object item) {
        if (container instanceof PyTuple t) {
            Object[] items = t.items;
            f.charge(items.length >> 4);
            for (Object o : items) {
                if (eq(item, o)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Map<?, ?> m) {
            hashable(item);
            return mapGet(m, item) != MISSING;
        }
        if (container instanceof String s) {
            if (item instanceof String t) {
                f.charge(s.length() >> 6);
                return s.contains(t);
            }
            throw PyError.type("'in <string>' requires string as left operand, not " + typeName(item));
        }
        if (container instanceof List<?> l) {
            int n = l.size();
            f.charge(n >> 4);
            if (l instanceof RandomAccess) {
                for (int i = 0; i < n; i++) {
                    if (eq(item, l.get(i))) {
                        return true;
                    }
                }
                return false;
            }
            for (Object o : l) {
                if (eq(item, o)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Set<?> s) {
            hashable(item);
            return setHas(s, item);
        }
        if (container instanceof PyRange r) {
            if (!isInt(item) && !(numKind(item) == 3 && toDouble(item) == Math.rint(toDouble(item)))) {
                return false;
            }
            if (numKind(item) == 2 || numKind(item) == 3 && Math.abs(toDouble(item)) > 9e18) {
                return false;
            }
            long v = numKind(item) == 3 ? (long) toDouble(item) : toLong(item);
            if (r.length == 0) {
                return false;
            }
            long last = r.get(r.length - 1);
            long lo = Math.min(r.start, last);
            long hi = Math.max(r.start, last);
            return v >= lo && v <= hi && (v - r.start) % r.step == 0;
        }
        if (container instanceof PyIterator it) {
            while (it.hasNext()) {
                if (eq(item, it.next())) {
                    return true;
                }
            }
            return false;
        }
        throw PyError.type("argument of type '" + typeName(container) + "' is not iterable");
    }

    static Object getItem(Frame f, Object obj, Object key) {
        if (obj instanceof Map<?, ?> m) {
            Object v = mapGet(m, key);
            if (v == MISSING) {
                hashable(key);
                throw PyError.key(key);
            }
            return v;
        }
        if (obj instanceof List<?> l) {
            if (key instanceof Long || numKind(key) == 1 || numKind(key) == 2) {
                long i = index(key, "");
                int n = l.size();
                if (i < 0) {
                    i += n;
                }
                if (i < 0 || i >= n) {
                    throw PyError.index((obj instanceof PyTuple ? "tuple" : "list") + " index out of range");
                }
                return l.get((int) i);
            }
            throw PyError.type((obj instanceof PyTuple ? "tuple" : "list") + " indices must be integers or slices, not "
                    + typeName(key));
        }
        if (obj instanceof String s) {
            if (isInt(key)) {
                long i = index(key, "");
                int n = s.length();
                if (i < 0) {
                    i += n;
                }
                if (i < 0 || i >= n) {
                    throw PyError.index("string index out of range");
                }
                return charAt(s, (int) i);
            }
            throw PyError.type("string indices must be integers, not '" + typeName(key) + "'");
        }
        if (obj instanceof PyRange r) {
            if (isInt(key)) {
                long i = index(key, "");
                if (i < 0) {
                    i += r.length;
                }
                if (i < 0 || i >= r.length) {
                    throw PyError.index("range object index out of range");
                }
                return r.get(i);
            }
            throw PyError.type("range indices must be integers or slices, not " + typeName(key));
        }
        throw PyError.type("'" + typeName(obj) + "' object is not subscriptable");
    }

    static void setItem(Object obj, Object key, Object value) {
        if (obj instanceof PyDict d) {
            hashable(key);
            Object existing = findKey(d, key);
            d.put(existing == MISSING ? key : existing, value);
            return;
        }
        if (obj instanceof PyList l) {
            if (!isInt(key)) {
                throw PyError.type("list indices must be integers or slices, not " + typeName(key));
            }
            long i = index(key, "");
            if (i < 0) {
                i += l.size();
            }
            if (i < 0 || i >= l.size()) {
                throw PyError.index("list assignment index out of range");
            }
            l.set((int) i, value);
            return;
        }
        if (obj instanceof Map || (obj instanceof List && !(obj instanceof PyTuple))) {
            throw PyError.type("the input " + typeName(obj) + " is read-only (copy it first, e.g. dict(x) or list(x))");
        }
        throw PyError.type("'" + typeName(obj) + "' object does not support item assignment");
    }

    private static Object findKey(Map<?, ?> m, Object key) {
        if (key != null && m.containsKey(key)) {
            return key;
        }
        if (key == null || numKind(key) != 0) {
            for (Object k : m.keySet()) {
                if (key == null ? k == null : numKind(k) != 0 && eq(k, key)) {
                    return k;
                }
            }
        }
        return MISSING;
    }

    static Object slice(Frame f, Object obj, Object lower, Object upper, Object stepValue) {
        long length;
        if (obj instanceof String s) {
            length = s.length();
        } else if (obj instanceof List<?> l) {
            length = l.size();
        } else if (obj instanceof PyRange r) {
            length = r.length;
        } else {
            throw PyError.type("'" + typeName(obj) + "' object is not subscriptable");
        }
        long step = stepValue == null ? 1 : sliceIndex(stepValue);
        if (step == 0) {
            throw PyError.value("slice step cannot be zero");
        }
        long start;
        long stop;
        if (step > 0) {
            start = lower == null ? 0 : clamp(sliceIndex(lower), length, 0, length);
            stop = upper == null ? length : clamp(sliceIndex(upper), length, 0, length);
        } else {
            start = lower == null ? length - 1 : clamp(sliceIndex(lower), length, -1, length - 1);
            stop = upper == null ? -1 : clamp(sliceIndex(upper), length, -1, length - 1);
        }
        long count = step > 0 ? (stop > start ? (stop - start - 1) / step + 1 : 0)
                : (stop < start ? (start - stop - 1) / (-step) + 1 : 0);
        f.charge(count >> 4);
        if (obj instanceof String s) {
            if (step == 1) {
                return s.substring((int) start, (int) stop);
            }
            StringBuilder out = new StringBuilder((int) count);
            for (long i = 0, at = start; i < count; i++, at += step) {
                out.append(s.charAt((int) at));
            }
            return out.toString();
        }
        if (obj instanceof PyRange r) {
            return new PyRange(r.get(start), r.get(start) + count * step * r.step, step * r.step);
        }
        List<?> l = (List<?>) obj;
        Object[] items = new Object[(int) count];
        for (int i = 0; i < count; i++) {
            items[i] = l.get((int) (start + i * step));
        }
        if (obj instanceof PyTuple) {
            return new PyTuple(items);
        }
        PyList out = new PyList(items.length);
        for (Object o : items) {
            out.add(o);
        }
        return out;
    }

    private static long sliceIndex(Object o) {
        if (!isInt(o)) {
            throw PyError.type("slice indices must be integers or None or have an __index__ method");
        }
        return index(o, "");
    }

    private static long clamp(long i, long length, long min, long max) {
        if (i < 0) {
            i += length;
        }
        return Math.max(min, Math.min(max, i));
    }

    static long len(Object o) {
        if (o instanceof String s) {
            return s.length();
        }
        if (o instanceof Collection<?> c) {
            return c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return m.size();
        }
        if (o instanceof PyRange r) {
            return r.length;
        }
        throw PyError.type("object of type '" + typeName(o) + "' has no len()");
    }

    // ------------------------------------------------------------------ iteration

    /** An iterator over a Python iterable; every element it yields costs one step. */
    static Iterator<Object> iter(Frame f, Object o) {
        if (o instanceof List<?> l) {
            return new ListIterator(f, l);
        }
        if (o instanceof Map<?, ?> m) {
            return counted(f, m.keySet().iterator());
        }
        if (o instanceof String s) {
            return new StringIterator(f, s);
        }
        if (o instanceof Set<?> s) {
            return counted(f, s.iterator());
        }
        if (o instanceof PyRange r) {
            return new RangeIterator(f, r);
        }
        if (o instanceof PyIterator it) {
            return it;
        }
        throw PyError.type("'" + typeName(o) + "' object is not iterable");
    }

    /** Materializes an iterable into a fresh list (bounded by {@link #MAX_SIZE}). */
    static PyList toList(Frame f, Object o) {
        if (o instanceof Collection<?> c) {
            checkSize(c.size());
            f.charge(c.size() >> 4);
            return new PyList(c);
        }
        if (o instanceof PyRange r) {
            checkSize(r.length);
        }
        PyList out = new PyList();
        for (Iterator<Object> it = iter(f, o); it.hasNext(); ) {
            if (out.size() >= MAX_SIZE) {
                checkSize(out.size() + 1L);
            }
            out.add(it.next());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Iterator<Object> counted(Frame f, Iterator<?> source) {
        Iterator<Object> s = (Iterator<Object>) source;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return s.hasNext();
            }

            @Override
            public Object next() {
                f.step();
                return s.next();
            }
        };
    }

    private static final class ListIterator implements Iterator<Object> {
        private final Frame f;
        private final List<?> list;
        private int at;

        ListIterator(Frame f, List<?> list) {
            this.f = f;
            this.list = list;
        }

        @Override
        public boolean hasNext() {
            return at < list.size();
        }

        @Override
        public Object next() {
            if (at >= list.size()) {
                throw new NoSuchElementException();
            }
            f.step();
            return list.get(at++);
        }
    }

    private static final class StringIterator implements Iterator<Object> {
        private final Frame f;
        private final String s;
        private int at;

        StringIterator(Frame f, String s) {
            this.f = f;
            this.s = s;
        }

        @Override
        public boolean hasNext() {
            return at < s.length();
        }

        @Override
        public Object next() {
            if (at >= s.length()) {
                throw new NoSuchElementException();
            }
            f.step();
            return charAt(s, at++);
        }
    }

    private static final class RangeIterator implements Iterator<Object> {
        private final Frame f;
        private final PyRange r;
        private long at;

        RangeIterator(Frame f, PyRange r) {
            this.f = f;
            this.r = r;
        }

        @Override
        public boolean hasNext() {
            return at < r.length;
        }

        @Override
        public Object next() {
            if (at >= r.length) {
                throw new NoSuchElementException();
            }
            f.step();
            return r.get(at++);
        }
    }

    static BigInteger requireLongRange(BigInteger b) {
        if (b.compareTo(LONG_MIN) < 0 || b.compareTo(LONG_MAX) > 0) {
            throw PyError.overflow("Python int too large to convert to C ssize_t");
        }
        return b;
    }
}
