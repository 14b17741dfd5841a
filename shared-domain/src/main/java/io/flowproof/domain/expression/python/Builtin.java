package io.flowproof.domain.expression.python;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The builtins a script can name. Nothing here reaches the host: no I/O, no reflection, no clock, no
 * randomness ({@code print}, {@code open}, {@code eval}, {@code getattr}, {@code __import__}... are simply
 * not defined, so naming them is a NameError).
 */
enum Builtin implements PyCallable {
    STR("str", true),
    INT("int", true),
    FLOAT("float", true),
    BOOL("bool", true),
    LIST("list", true),
    TUPLE("tuple", true),
    DICT("dict", true),
    SET("set", true),
    RANGE("range", true),
    LEN("len", false),
    MIN("min", false),
    MAX("max", false),
    SUM("sum", false),
    ABS("abs", false),
    ALL("all", false),
    ANY("any", false),
    ROUND("round", false),
    SORTED("sorted", false),
    ISINSTANCE("isinstance", false),
    ENUMERATE("enumerate", false),
    ZIP("zip", false),
    REVERSED("reversed", false),
    REPR("repr", false),
    FORMAT("format", false),
    DIVMOD("divmod", false),
    POW("pow", false),
    MAP("map", false),
    FILTER("filter", false),
    CHR("chr", false),
    ORD("ord", false),
    CALLABLE("callable", false);

    private static final Map<String, Builtin> BY_NAME = new HashMap<>();
    private static final Pattern FLOAT_TEXT =
            Pattern.compile("[+-]?(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern INT_TEXT = Pattern.compile("[+-]?\\d(?:_?\\d)*");

    static {
        for (Builtin b : values()) {
            BY_NAME.put(b.pythonName, b);
        }
    }

    final String pythonName;
    private final boolean type;

    Builtin(String pythonName, boolean type) {
        this.pythonName = pythonName;
        this.type = type;
    }

    static Builtin named(String name) {
        return BY_NAME.get(name);
    }

    boolean isType() {
        return type;
    }

    @Override
    public String displayName() {
        return pythonName;
    }

    /** {@code isinstance(value, this)}. */
    boolean matches(Object value) {
        return switch (this) {
            case STR -> value instanceof String;
            case INT -> Py.isInt(value);
            case FLOAT -> Py.numKind(value) == 3;
            case BOOL -> value instanceof Boolean;
            case LIST -> value instanceof List && !(value instanceof PyTuple);
            case TUPLE -> value instanceof PyTuple;
            case DICT -> value instanceof Map;
            case SET -> value instanceof Set;
            case RANGE -> value instanceof PyRange;
            default -> false;
        };
    }

    @Override
    public Object call(Frame f, Object[] a, String[] kw) {
        int n = a.length - (kw == null ? 0 : kw.length);
        switch (this) {
            case STR:
                noKeywords(kw);
                arity(n, 0, 1);
                return n == 0 ? "" : Repr.str(a[0]);
            case INT:
                return toIntCall(a, n, kw);
            case FLOAT:
                noKeywords(kw);
                arity(n, 0, 1);
                return n == 0 ? 0.0 : toFloat(a[0]);
            case BOOL:
                noKeywords(kw);
                arity(n, 0, 1);
                return n != 0 && Py.truthy(a[0]);
            case LIST:
                noKeywords(kw);
                arity(n, 0, 1);
                return n == 0 ? new PyList() : Py.toList(f, a[0]);
            case TUPLE:
                noKeywords(kw);
                arity(n, 0, 1);
                return n == 0 ? PyTuple.EMPTY : a[0] instanceof PyTuple t ? t : new PyTuple(Py.toList(f, a[0]).toArray());
            case SET: {
                noKeywords(kw);
                arity(n, 0, 1);
                PySet out = new PySet();
                if (n == 1) {
                    for (Iterator<Object> it = Py.iter(f, a[0]); it.hasNext(); ) {
                        addToSet(out, it.next());
                    }
                }
                return out;
            }
            case DICT:
                return dict(f, a, n, kw);
            case RANGE: {
                noKeywords(kw);
                arity(n, 1, 3);
                long first = rangeArg(a[0]);
                if (n == 1) {
                    return new PyRange(0, first, 1);
                }
                long step = n == 3 ? rangeArg(a[2]) : 1;
                if (step == 0) {
                    throw PyError.value("range() arg 3 must not be zero");
                }
                return new PyRange(first, rangeArg(a[1]), step);
            }
            case LEN:
                noKeywords(kw);
                arity(n, 1, 1);
                return Py.len(a[0]);
            case MIN:
            case MAX:
                return extreme(f, a, n, kw);
            case SUM:
                return sum(f, a, n, kw);
            case ABS: {
                noKeywords(kw);
                arity(n, 1, 1);
                Object x = a[0];
                if (x instanceof Long l) {
                    return l < 0 ? Py.negate(l) : l;
                }
                int k = Py.numKind(x);
                if (k == 3) {
                    return Math.abs(Py.toDouble(x));
                }
                if (k == 1 || k == 2) {
                    return Py.normalize(Py.toBig(x).abs());
                }
                throw PyError.type("bad operand type for abs(): '" + Py.typeName(x) + "'");
            }
            case ALL:
            case ANY: {
                noKeywords(kw);
                arity(n, 1, 1);
                boolean any = this == ANY;
                for (Iterator<Object> it = Py.iter(f, a[0]); it.hasNext(); ) {
                    if (Py.truthy(it.next()) == any) {
                        return any;
                    }
                }
                return !any;
            }
            case ROUND:
                return round(a, n, kw);
            case SORTED: {
                arity(n, 1, 1);
                allowKeywords(kw, "key", "reverse");
                PyList out = Py.toList(f, a[0]);
                sort(f, out, keyword(a, kw, "key", null), Py.truthy(keyword(a, kw, "reverse", false)));
                return out;
            }
            case ISINSTANCE: {
                noKeywords(kw);
                arity(n, 2, 2);
                return isInstance(a[0], a[1]);
            }
            case ENUMERATE: {
                arity(n, 1, 2);
                allowKeywords(kw, "start");
                Object startValue = n == 2 ? a[1] : keyword(a, kw, "start", 0L);
                if (!Py.isInt(startValue)) {
                    throw PyError.type("'" + Py.typeName(startValue) + "' object cannot be interpreted as an integer");
                }
                Iterator<Object> source = Py.iter(f, a[0]);
                long start = Py.toLong(startValue);
                return new PyIterator("enumerate", new Iterator<>() {
                    long at = start;

                    @Override
                    public boolean hasNext() {
                        return source.hasNext();
                    }

                    @Override
                    public Object next() {
                        Object item = source.next();
                        return PyTuple.of(at++, item);
                    }
                });
            }
            case ZIP: {
                noKeywords(kw);
                List<Iterator<Object>> sources = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    sources.add(Py.iter(f, a[i]));
                }
                return new PyIterator("zip", new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        if (sources.isEmpty()) {
                            return false;
                        }
                        for (Iterator<Object> s : sources) {
                            if (!s.hasNext()) {
                                return false;
                            }
                        }
                        return true;
                    }

                    @Override
                    public Object next() {
                        Object[] items = new Object[sources.size()];
                        for (int i = 0; i < items.length; i++) {
                            items[i] = sources.get(i).next();
                        }
                        return new PyTuple(items);
                    }
                });
            }
            case REVERSED: {
                noKeywords(kw);
                arity(n, 1, 1);
                Object x = a[0];
                if (x instanceof Map<?, ?> m) {
                    x = new PyList(m.keySet());
                } else if (!(x instanceof List || x instanceof String || x instanceof PyRange)) {
                    throw PyError.type("'" + Py.typeName(x) + "' object is not reversible");
                }
                Object seq = x;
                long length = Py.len(seq);
                return new PyIterator("reversed", new Iterator<>() {
                    long at = length - 1;

                    @Override
                    public boolean hasNext() {
                        return at >= 0 && at < Py.len(seq);
                    }

                    @Override
                    public Object next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        f.step();
                        return Py.getItem(f, seq, at--);
                    }
                });
            }
            case REPR:
                noKeywords(kw);
                arity(n, 1, 1);
                return Repr.repr(a[0]);
            case FORMAT: {
                noKeywords(kw);
                arity(n, 1, 2);
                if (n == 2 && !(a[1] instanceof String)) {
                    throw PyError.type("format() argument 2 must be str, not " + Py.typeName(a[1]));
                }
                return Format.format(a[0], n == 2 ? (String) a[1] : "");
            }
            case DIVMOD:
                noKeywords(kw);
                arity(n, 2, 2);
                return PyTuple.of(Py.arithmetic(f, Py.FLOORDIV, a[0], a[1]), Py.arithmetic(f, Py.MOD, a[0], a[1]));
            case POW: {
                noKeywords(kw);
                arity(n, 2, 3);
                if (n == 3 && a[2] != null) {
                    if (!Py.isInt(a[0]) || !Py.isInt(a[1]) || !Py.isInt(a[2])) {
                        throw PyError.type("pow() 3rd argument not allowed unless all arguments are integers");
                    }
                    BigInteger m = Py.toBig(a[2]);
                    if (m.signum() == 0) {
                        throw PyError.value("pow() 3rd argument cannot be 0");
                    }
                    BigInteger r = Py.toBig(a[0]).modPow(Py.toBig(a[1]), m.abs());
                    if (m.signum() < 0 && r.signum() != 0) {
                        r = r.add(m);
                    }
                    return Py.normalize(r);
                }
                return Py.arithmetic(f, Py.POW, a[0], a[1]);
            }
            case MAP: {
                noKeywords(kw);
                if (n < 2) {
                    throw PyError.type("map() must have at least two arguments.");
                }
                PyCallable fn = callable(a[0]);
                List<Iterator<Object>> sources = new ArrayList<>(n - 1);
                for (int i = 1; i < n; i++) {
                    sources.add(Py.iter(f, a[i]));
                }
                return new PyIterator("map", new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        for (Iterator<Object> s : sources) {
                            if (!s.hasNext()) {
                                return false;
                            }
                        }
                        return true;
                    }

                    @Override
                    public Object next() {
                        Object[] items = new Object[sources.size()];
                        for (int i = 0; i < items.length; i++) {
                            items[i] = sources.get(i).next();
                        }
                        return fn.call(f, items, null);
                    }
                });
            }
            case FILTER: {
                noKeywords(kw);
                arity(n, 2, 2);
                PyCallable fn = a[0] == null ? null : callable(a[0]);
                Iterator<Object> source = Py.iter(f, a[1]);
                return new PyIterator("filter", new Iterator<>() {
                    Object pending = Py.MISSING;

                    @Override
                    public boolean hasNext() {
                        while (pending == Py.MISSING && source.hasNext()) {
                            Object item = source.next();
                            Object verdict = fn == null ? item : fn.call(f, new Object[] {item}, null);
                            if (Py.truthy(verdict)) {
                                pending = item;
                            }
                        }
                        return pending != Py.MISSING;
                    }

                    @Override
                    public Object next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Object item = pending;
                        pending = Py.MISSING;
                        return item;
                    }
                });
            }
            case CHR: {
                noKeywords(kw);
                arity(n, 1, 1);
                long c = Py.index(a[0], "'" + Py.typeName(a[0]) + "' object cannot be interpreted as an integer: ");
                if (c < 0 || c > 0x10FFFF) {
                    throw PyError.value("chr() arg not in range(0x110000)");
                }
                return new String(Character.toChars((int) c));
            }
            case ORD: {
                noKeywords(kw);
                arity(n, 1, 1);
                if (!(a[0] instanceof String s) || s.codePointCount(0, s.length()) != 1) {
                    throw PyError.type("ord() expected a character, but got " + (a[0] instanceof String s
                            ? "a string of length " + s.length() : Py.typeName(a[0]) + " found"));
                }
                return (long) s.codePointAt(0);
            }
            default:
                noKeywords(kw);
                arity(n, 1, 1);
                return a[0] instanceof PyCallable;
        }
    }

    // ------------------------------------------------------------------ argument checks

    private void arity(int n, int min, int max) {
        if (n < min || n > max) {
            String expected = min == max ? (min == 1 ? "exactly one argument" : "exactly " + min + " arguments")
                    : "at most " + max + " arguments";
            if (n < min) {
                expected = "at least " + min + " argument" + (min == 1 ? "" : "s");
            }
            throw PyError.type(pythonName + "() takes " + expected + " (" + n + " given)");
        }
    }

    private void noKeywords(String[] kw) {
        if (kw != null && kw.length > 0) {
            throw PyError.type(pythonName + "() takes no keyword arguments");
        }
    }

    private void allowKeywords(String[] kw, String... allowed) {
        if (kw == null) {
            return;
        }
        for (String k : kw) {
            if (!Arrays.asList(allowed).contains(k)) {
                throw PyError.type("'" + k + "' is an invalid keyword argument for " + pythonName + "()");
            }
        }
    }

    static Object keyword(Object[] a, String[] kw, String name, Object fallback) {
        if (kw == null) {
            return fallback;
        }
        for (int i = 0; i < kw.length; i++) {
            if (kw[i].equals(name)) {
                return a[a.length - kw.length + i];
            }
        }
        return fallback;
    }

    static PyCallable callable(Object fn) {
        if (fn instanceof PyCallable c) {
            return c;
        }
        throw PyError.type("'" + Py.typeName(fn) + "' object is not callable");
    }

    private static long rangeArg(Object o) {
        if (!Py.isInt(o)) {
            throw PyError.type("'" + Py.typeName(o) + "' object cannot be interpreted as an integer");
        }
        if (o instanceof BigInteger b) {
            Py.requireLongRange(b);
        }
        return Py.toLong(o);
    }

    // ------------------------------------------------------------------ conversions

    private Object toIntCall(Object[] a, int n, String[] kw) {
        allowKeywords(kw, "base");
        arity(n, 0, 2);
        Object baseValue = n == 2 ? a[1] : keyword(a, kw, "base", null);
        if (n == 0) {
            return 0L;
        }
        if (baseValue == null) {
            return toInt(a[0]);
        }
        if (!(a[0] instanceof String s)) {
            throw PyError.type("int() can't convert non-string with explicit base");
        }
        long base = Py.index(baseValue, "'" + Py.typeName(baseValue) + "' object cannot be interpreted as an integer: ");
        if (base != 0 && (base < 2 || base > 36)) {
            throw PyError.value("int() base must be >= 2 and <= 36, or 0");
        }
        String text = s.strip().replace("_", "").toLowerCase(Locale.ROOT);
        boolean negative = text.startsWith("-");
        if (negative || text.startsWith("+")) {
            text = text.substring(1);
        }
        int radix = (int) base;
        if ((radix == 16 || radix == 0) && text.startsWith("0x")) {
            text = text.substring(2);
            radix = 16;
        } else if ((radix == 8 || radix == 0) && text.startsWith("0o")) {
            text = text.substring(2);
            radix = 8;
        } else if ((radix == 2 || radix == 0) && text.startsWith("0b")) {
            text = text.substring(2);
            radix = 2;
        } else if (radix == 0) {
            radix = 10;
        }
        try {
            Py.checkSize(text.length());
            BigInteger value = new BigInteger(text, radix);
            return Py.normalize(negative ? value.negate() : value);
        } catch (NumberFormatException e) {
            throw PyError.value("invalid literal for int() with base " + base + ": " + Repr.repr(s));
        }
    }

    static Object toInt(Object x) {
        if (x instanceof Long) {
            return x;
        }
        int k = Py.numKind(x);
        if (k == 1) {
            return Py.toLong(x);
        }
        if (k == 2) {
            return x;
        }
        if (k == 3) {
            double d = Py.toDouble(x);
            if (Double.isNaN(d)) {
                throw PyError.value("cannot convert float NaN to integer");
            }
            if (Double.isInfinite(d)) {
                throw PyError.overflow("cannot convert float infinity to integer");
            }
            if (Math.abs(d) < 9.0e18) {
                return (long) d;
            }
            return Py.normalize(new BigDecimal(d).toBigInteger());
        }
        if (x instanceof String s) {
            String text = s.strip();
            if (text.length() > 4300) {
                throw PyError.value("Exceeds the limit (4300 digits) for integer string conversion");
            }
            if (INT_TEXT.matcher(text).matches()) {
                return Py.normalize(new BigInteger(text.replace("_", "")));
            }
            throw PyError.value("invalid literal for int() with base 10: " + Repr.repr(s));
        }
        throw PyError.type("int() argument must be a string, a bytes-like object or a real number, not '"
                + Py.typeName(x) + "'");
    }

    static double toFloat(Object x) {
        if (x instanceof Double d) {
            return d;
        }
        if (Py.numKind(x) != 0) {
            return Py.toDouble(x);
        }
        if (x instanceof String s) {
            String text = s.strip();
            String lower = text.toLowerCase(Locale.ROOT);
            String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            boolean negative = lower.startsWith("-");
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (text.length() <= 10_000 && FLOAT_TEXT.matcher(text).matches()) {
                return Double.parseDouble(text.replace("_", ""));
            }
            throw PyError.value("could not convert string to float: " + Repr.repr(s));
        }
        throw PyError.type("float() argument must be a string or a real number, not '" + Py.typeName(x) + "'");
    }

    private Object dict(Frame f, Object[] a, int n, String[] kw) {
        arity(n, 0, 1);
        PyDict out = new PyDict();
        if (n == 1) {
            Object source = a[0];
            if (source instanceof Map<?, ?> m) {
                Py.checkSize(m.size());
                out.putAll(m);
            } else {
                int index = 0;
                for (Iterator<Object> it = Py.iter(f, source); it.hasNext(); index++) {
                    Object pair = it.next();
                    if (!(pair instanceof List<?> l) || l.size() != 2) {
                        if (pair instanceof List<?> l) {
                            throw PyError.value("dictionary update sequence element #" + index + " has length "
                                    + l.size() + "; 2 is required");
                        }
                        throw PyError.type("cannot convert dictionary update sequence element #" + index
                                + " to a sequence");
                    }
                    Py.setItem(out, l.get(0), l.get(1));
                    Py.checkSize(out.size());
                }
            }
        }
        if (kw != null) {
            for (int i = 0; i < kw.length; i++) {
                out.put(kw[i], a[n + i]);
            }
        }
        return out;
    }

    static void addToSet(PySet set, Object item) {
        Py.hashable(item);
        if (!Py.setHas(set, item)) {
            if (set.size() >= Py.MAX_SIZE) {
                Py.checkSize(set.size() + 1L);
            }
            set.add(item);
        }
    }

    // ------------------------------------------------------------------ aggregates

    private Object extreme(Frame f, Object[] a, int n, String[] kw) {
        allowKeywords(kw, "key", "default");
        Object key = keyword(a, kw, "key", null);
        Object fallback = keyword(a, kw, "default", Py.MISSING);
        if (n == 0) {
            throw PyError.type(pythonName + " expected at least 1 argument, got 0");
        }
        Iterator<Object> items;
        if (n == 1) {
            items = Py.iter(f, a[0]);
        } else {
            if (fallback != Py.MISSING) {
                throw PyError.type("Cannot specify a default for " + pythonName + "() with multiple positional arguments");
            }
            items = Arrays.asList(a).subList(0, n).iterator();
        }
        PyCallable keyFn = key == null ? null : callable(key);
        int op = this == MAX ? Py.GT : Py.LT;
        Object best = Py.MISSING;
        Object bestKey = null;
        while (items.hasNext()) {
            Object item = items.next();
            Object k = keyFn == null ? item : keyFn.call(f, new Object[] {item}, null);
            if (best == Py.MISSING || Py.compare(op, k, bestKey)) {
                best = item;
                bestKey = k;
            }
        }
        if (best == Py.MISSING) {
            if (fallback != Py.MISSING) {
                return fallback;
            }
            throw PyError.value(pythonName + "() iterable argument is empty");
        }
        return best;
    }

    private Object sum(Frame f, Object[] a, int n, String[] kw) {
        allowKeywords(kw, "start");
        arity(n, 1, 2);
        Object acc = n == 2 ? a[1] : keyword(a, kw, "start", 0L);
        if (acc instanceof String) {
            throw PyError.type("sum() can't sum strings [use ''.join(seq) instead]");
        }
        if (a[0] instanceof List<?> l && l instanceof java.util.RandomAccess) {
            for (int i = 0; i < l.size(); i++) {
                f.step();
                acc = Py.add(f, acc, l.get(i));
            }
            return acc;
        }
        for (Iterator<Object> it = Py.iter(f, a[0]); it.hasNext(); ) {
            acc = Py.add(f, acc, it.next());
        }
        return acc;
    }

    private Object round(Object[] a, int n, String[] kw) {
        allowKeywords(kw, "ndigits");
        arity(n, 1, 2);
        Object x = a[0];
        Object digits = n == 2 ? a[1] : keyword(a, kw, "ndigits", null);
        int k = Py.numKind(x);
        if (k == 0) {
            throw PyError.type("type " + Py.typeName(x) + " doesn't define __round__ method");
        }
        if (digits != null && !Py.isInt(digits)) {
            throw PyError.type("'" + Py.typeName(digits) + "' object cannot be interpreted as an integer");
        }
        if (k != 3) {
            Object value = x instanceof Boolean ? (Object) Py.toLong(x) : x;
            if (digits == null || Py.toLong(digits) >= 0) {
                return value;
            }
            long nd = -Py.toLong(digits);
            if (nd > 4000) {
                return 0L;
            }
            BigDecimal rounded = new BigDecimal(Py.toBig(value)).setScale((int) -nd, RoundingMode.HALF_EVEN);
            return Py.normalize(rounded.toBigInteger());
        }
        double d = Py.toDouble(x);
        if (digits == null) {
            return toInt(Math.rint(d));
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        long nd = Py.toLong(digits);
        if (nd > 330) {
            return d;
        }
        if (nd < -330) {
            return 0.0 * Math.signum(d);
        }
        double r = new BigDecimal(d).setScale((int) nd, RoundingMode.HALF_EVEN).doubleValue();
        return r == 0 ? Math.copySign(0.0, d) : r;
    }

    static void sort(Frame f, List<Object> list, Object key, boolean reverse) {
        int n = list.size();
        f.charge((long) n * (64 - Long.numberOfLeadingZeros(Math.max(n, 1))) >> 2);
        Comparator<Object> natural = (x, y) -> Py.order(x, y, Py.LT);
        try {
            if (key == null) {
                list.sort(reverse ? natural.reversed() : natural);
                return;
            }
            PyCallable keyFn = callable(key);
            Object[][] decorated = new Object[n][];
            for (int i = 0; i < n; i++) {
                Object item = list.get(i);
                decorated[i] = new Object[] {keyFn.call(f, new Object[] {item}, null), item};
            }
            Comparator<Object[]> byKey = (x, y) -> Py.order(x[0], y[0], Py.LT);
            Arrays.sort(decorated, reverse ? byKey.reversed() : byKey);
            for (int i = 0; i < n; i++) {
                list.set(i, decorated[i][1]);
            }
        } catch (IllegalArgumentException e) {
            throw PyError.value("inconsistent ordering while sorting (NaN values?)");
        }
    }

    private static boolean isInstance(Object value, Object types) {
        if (types instanceof Builtin b && b.isType()) {
            return b.matches(value);
        }
        if (types instanceof PyTuple t) {
            for (Object o : t.items) {
                if (isInstance(value, o)) {
                    return true;
                }
            }
            return false;
        }
        throw PyError.type("isinstance() arg 2 must be a type, a tuple of types, or a union");
    }
}
