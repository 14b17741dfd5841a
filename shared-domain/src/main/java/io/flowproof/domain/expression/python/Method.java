package io.flowproof.domain.expression.python;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The methods a script may call on values ({@code data.get('k')}, {@code s.lower()}, {@code xs.count(1)}).
 * The name is resolved once at compile time; the receiver's type picks the behaviour at run time. Mutating
 * methods work only on lists, dicts and sets the script made itself.
 */
enum Method {
    // dict
    GET, KEYS, VALUES, ITEMS, UPDATE, SETDEFAULT,
    // several types
    COPY, POP, COUNT, INDEX, CLEAR,
    // list
    APPEND, EXTEND, INSERT, REMOVE, SORT, REVERSE,
    // set
    ADD, DISCARD, UNION, INTERSECTION, DIFFERENCE, ISSUBSET, ISSUPERSET, ISDISJOINT,
    // str
    LOWER, UPPER, STRIP, LSTRIP, RSTRIP, STARTSWITH, ENDSWITH, SPLIT, RSPLIT, JOIN, REPLACE, FIND, RFIND, RINDEX,
    ISDIGIT, ISALPHA, ISALNUM, ISSPACE, ISLOWER, ISUPPER, ISNUMERIC, ISDECIMAL, TITLE, CAPITALIZE, CASEFOLD,
    SWAPCASE, ZFILL, LJUST, RJUST, CENTER, PARTITION, RPARTITION, SPLITLINES, REMOVEPREFIX, REMOVESUFFIX, FORMAT,
    // float
    IS_INTEGER;

    private static final Map<String, Method> BY_NAME = new HashMap<>();

    static {
        for (Method m : values()) {
            BY_NAME.put(m.pythonName(), m);
        }
    }

    static Method named(String name) {
        return BY_NAME.get(name);
    }

    String pythonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the receiver has this method (used for attribute access without a call). */
    boolean appliesTo(Object self) {
        try {
            return kindOf(self) != null && supported(kindOf(self));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String kindOf(Object self) {
        if (self instanceof String) {
            return "str";
        }
        if (self instanceof Map) {
            return "dict";
        }
        if (self instanceof PyTuple) {
            return "tuple";
        }
        if (self instanceof List) {
            return "list";
        }
        if (self instanceof Set) {
            return "set";
        }
        if (self instanceof Double) {
            return "float";
        }
        return null;
    }

    private static final EnumSet<Method> DICT = EnumSet.of(GET, KEYS, VALUES, ITEMS, UPDATE, SETDEFAULT, COPY, POP, CLEAR);
    private static final EnumSet<Method> LIST = EnumSet.of(COUNT, INDEX, COPY, POP, CLEAR, APPEND, EXTEND, INSERT, REMOVE,
            SORT, REVERSE);
    private static final EnumSet<Method> TUPLE = EnumSet.of(COUNT, INDEX);
    private static final EnumSet<Method> SET = EnumSet.of(ADD, DISCARD, REMOVE, UNION, INTERSECTION, DIFFERENCE, ISSUBSET,
            ISSUPERSET, ISDISJOINT, COPY, POP, CLEAR);
    private static final EnumSet<Method> STR = EnumSet.range(LOWER, FORMAT);
    private static final EnumSet<Method> FLOAT = EnumSet.of(IS_INTEGER);

    static {
        STR.addAll(EnumSet.of(COUNT, INDEX));
    }

    private boolean supported(String kind) {
        return switch (kind) {
            case "dict" -> DICT.contains(this);
            case "list" -> LIST.contains(this);
            case "tuple" -> TUPLE.contains(this);
            case "set" -> SET.contains(this);
            case "float" -> FLOAT.contains(this);
            default -> STR.contains(this);
        };
    }

    Object call(Frame f, Object self, Object[] a, String[] kw) {
        String kind = kindOf(self);
        if (kind == null || !supported(kind)) {
            throw PyError.attribute(self, pythonName());
        }
        int n = a.length - (kw == null ? 0 : kw.length);
        if (kw != null && kw.length > 0 && this != SORT && this != SPLIT && this != RSPLIT && this != FORMAT
                && this != UPDATE) {
            throw PyError.type(kind + "." + pythonName() + "() takes no keyword arguments");
        }
        return switch (kind) {
            case "str" -> Strings.call(f, this, (String) self, a, n, kw);
            case "dict" -> dict(f, (Map<?, ?>) self, a, n, kw);
            case "set" -> set(f, (Set<?>) self, a, n);
            case "float" -> {
                arity(n, 0, 0);
                double d = (Double) self;
                yield !Double.isInfinite(d) && d == Math.rint(d);
            }
            default -> list(f, (List<?>) self, a, n, kw);
        };
    }

    void arity(int n, int min, int max) {
        if (n < min || n > max) {
            String expected = min == max ? (min == 0 ? "no arguments" : "exactly " + min + " argument" + (min == 1 ? "" : "s"))
                    : n < min ? "at least " + min + " argument" + (min == 1 ? "" : "s") : "at most " + max + " arguments";
            throw PyError.type(pythonName() + "() takes " + expected + " (" + n + " given)");
        }
    }

    private Object dict(Frame f, Map<?, ?> self, Object[] a, int n, String[] kw) {
        switch (this) {
            case GET: {
                arity(n, 1, 2);
                Py.hashable(a[0]);
                Object v = Py.mapGet(self, a[0]);
                return v == Py.MISSING ? (n == 2 ? a[1] : null) : v;
            }
            case KEYS:
                arity(n, 0, 0);
                f.charge(self.size() >> 4);
                return new PyList(self.keySet());
            case VALUES:
                arity(n, 0, 0);
                f.charge(self.size() >> 4);
                return new PyList(self.values());
            case ITEMS: {
                arity(n, 0, 0);
                f.charge(self.size() >> 4);
                PyList out = new PyList(self.size());
                for (Map.Entry<?, ?> e : self.entrySet()) {
                    out.add(PyTuple.of(e.getKey(), e.getValue()));
                }
                return out;
            }
            case COPY:
                arity(n, 0, 0);
                f.charge(self.size() >> 4);
                return new PyDict(self);
            default:
                break;
        }
        PyDict d = mutableDict(self);
        switch (this) {
            case UPDATE: {
                arity(n, 0, 1);
                if (n == 1) {
                    Object source = Builtin.DICT.call(f, new Object[] {a[0]}, null);
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) source).entrySet()) {
                        Py.setItem(d, e.getKey(), e.getValue());
                    }
                }
                if (kw != null) {
                    for (int i = 0; i < kw.length; i++) {
                        d.put(kw[i], a[n + i]);
                    }
                }
                Py.checkSize(d.size());
                return null;
            }
            case SETDEFAULT: {
                arity(n, 1, 2);
                Py.hashable(a[0]);
                Object v = Py.mapGet(d, a[0]);
                if (v != Py.MISSING) {
                    return v;
                }
                Object value = n == 2 ? a[1] : null;
                Py.setItem(d, a[0], value);
                Py.checkSize(d.size());
                return value;
            }
            case POP: {
                arity(n, 1, 2);
                Py.hashable(a[0]);
                Object v = Py.mapGet(d, a[0]);
                if (v == Py.MISSING) {
                    if (n == 2) {
                        return a[1];
                    }
                    throw PyError.key(a[0]);
                }
                d.keySet().removeIf(k -> Py.eq(k, a[0]));
                return v;
            }
            default:
                arity(n, 0, 0);
                d.clear();
                return null;
        }
    }

    private PyDict mutableDict(Map<?, ?> self) {
        if (self instanceof PyDict d) {
            return d;
        }
        throw PyError.type("the input dict is read-only (copy it first: dict(x))");
    }

    private Object list(Frame f, List<?> self, Object[] a, int n, String[] kw) {
        switch (this) {
            case COUNT: {
                arity(n, 1, 1);
                f.charge(self.size() >> 4);
                long count = 0;
                for (Object o : self) {
                    if (Py.eq(o, a[0])) {
                        count++;
                    }
                }
                return count;
            }
            case INDEX: {
                arity(n, 1, 3);
                int size = self.size();
                int start = n > 1 ? (int) bound(a[1], size) : 0;
                int end = n > 2 ? (int) bound(a[2], size) : size;
                f.charge(size >> 4);
                for (int i = start; i < end; i++) {
                    if (Py.eq(self.get(i), a[0])) {
                        return (long) i;
                    }
                }
                throw PyError.value(self instanceof PyTuple ? "tuple.index(x): x not in tuple"
                        : Repr.repr(a[0]) + " is not in list");
            }
            case COPY:
                arity(n, 0, 0);
                f.charge(self.size() >> 4);
                return new PyList(self);
            default:
                break;
        }
        if (!(self instanceof PyList l)) {
            throw PyError.type("the input list is read-only (copy it first: list(x))");
        }
        switch (this) {
            case APPEND:
                arity(n, 1, 1);
                if (l.size() >= Py.MAX_SIZE) {
                    Py.checkSize(l.size() + 1L);
                }
                l.add(a[0]);
                return null;
            case EXTEND: {
                arity(n, 1, 1);
                List<Object> items = Py.toList(f, a[0]);
                Py.checkSize((long) l.size() + items.size());
                l.addAll(items);
                return null;
            }
            case INSERT: {
                arity(n, 2, 2);
                Py.checkSize(l.size() + 1L);
                l.add((int) bound(a[0], l.size()), a[1]);
                return null;
            }
            case POP: {
                arity(n, 0, 1);
                if (l.isEmpty()) {
                    throw PyError.index("pop from empty list");
                }
                long i = n == 0 ? -1 : Py.index(a[0], "'" + Py.typeName(a[0]) + "' object cannot be interpreted as an integer: ");
                if (i < 0) {
                    i += l.size();
                }
                if (i < 0 || i >= l.size()) {
                    throw PyError.index("pop index out of range");
                }
                return l.remove((int) i);
            }
            case REMOVE: {
                arity(n, 1, 1);
                for (int i = 0; i < l.size(); i++) {
                    if (Py.eq(l.get(i), a[0])) {
                        l.remove(i);
                        return null;
                    }
                }
                throw PyError.value("list.remove(x): x not in list");
            }
            case SORT:
                arity(n, 0, 0);
                for (String k : kw == null ? new String[0] : kw) {
                    if (!k.equals("key") && !k.equals("reverse")) {
                        throw PyError.type("'" + k + "' is an invalid keyword argument for sort()");
                    }
                }
                Builtin.sort(f, l, Builtin.keyword(a, kw, "key", null), Py.truthy(Builtin.keyword(a, kw, "reverse", false)));
                return null;
            case REVERSE:
                arity(n, 0, 0);
                java.util.Collections.reverse(l);
                return null;
            default:
                arity(n, 0, 0);
                l.clear();
                return null;
        }
    }

    private static long bound(Object index, int size) {
        long i = Py.index(index, "slice indices must be integers or have an __index__ method, not ");
        if (i < 0) {
            i = Math.max(0, i + size);
        }
        return Math.min(i, size);
    }

    private Object set(Frame f, Set<?> self, Object[] a, int n) {
        switch (this) {
            case UNION:
            case INTERSECTION:
            case DIFFERENCE: {
                Object result = new PySet(self);
                for (int i = 0; i < n; i++) {
                    PySet other = (PySet) Builtin.SET.call(f, new Object[] {a[i]}, null);
                    int op = this == UNION ? Py.BITOR : this == INTERSECTION ? Py.BITAND : -1;
                    result = op < 0 ? Py.sub(result, other) : Py.arithmetic(f, op, result, other);
                }
                return result;
            }
            case ISSUBSET:
            case ISSUPERSET:
            case ISDISJOINT: {
                arity(n, 1, 1);
                PySet other = (PySet) Builtin.SET.call(f, new Object[] {a[0]}, null);
                if (this == ISDISJOINT) {
                    for (Object o : self) {
                        if (Py.setHas(other, o)) {
                            return false;
                        }
                    }
                    return true;
                }
                return this == ISSUBSET ? Py.compare(Py.LE, self, other) : Py.compare(Py.GE, self, other);
            }
            case COPY:
                arity(n, 0, 0);
                return new PySet(self);
            default:
                break;
        }
        if (!(self instanceof PySet s)) {
            throw PyError.type("the input set is read-only (copy it first: set(x))");
        }
        switch (this) {
            case ADD:
                arity(n, 1, 1);
                Builtin.addToSet(s, a[0]);
                return null;
            case DISCARD:
            case REMOVE: {
                arity(n, 1, 1);
                Py.hashable(a[0]);
                boolean removed = s.removeIf(o -> Py.eq(o, a[0]));
                if (!removed && this == REMOVE) {
                    throw PyError.key(a[0]);
                }
                return null;
            }
            case POP: {
                arity(n, 0, 0);
                Iterator<Object> it = s.iterator();
                if (!it.hasNext()) {
                    throw PyError.key("pop from an empty set");
                }
                Object o = it.next();
                it.remove();
                return o;
            }
            default:
                arity(n, 0, 0);
                s.clear();
                return null;
        }
    }
}
