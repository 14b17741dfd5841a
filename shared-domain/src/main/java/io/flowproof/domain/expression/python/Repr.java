package io.flowproof.domain.expression.python;

import io.flowproof.domain.expression.ExpressionLimitException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python {@code str()} and {@code repr()} of values, including the shortest round-trip float repr. */
final class Repr {

    private Repr() {}

    static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        return repr(o);
    }

    static String repr(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
                || o instanceof java.math.BigInteger) {
            return o.toString();
        }
        if (o instanceof Double || o instanceof Float || o instanceof BigDecimal) {
            return floatRepr(((Number) o).doubleValue());
        }
        if (o instanceof String s) {
            return stringRepr(s);
        }
        Out out = new Out();
        write(out, o, new IdentityHashMap<>());
        return out.toString();
    }

    private static final class Out {
        private final StringBuilder sb = new StringBuilder();

        Out append(String s) {
            if ((long) sb.length() + s.length() > Py.MAX_SIZE) {
                throw new ExpressionLimitException("value too large: its text is longer than " + Py.MAX_SIZE
                        + " characters");
            }
            sb.append(s);
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    private static void write(Out out, Object o, IdentityHashMap<Object, Boolean> open) {
        if (o instanceof List || o instanceof Map || o instanceof Set) {
            if (open.put(o, Boolean.TRUE) != null) {
                out.append(o instanceof Map ? "{...}" : "[...]");
                return;
            }
            try {
                writeContainer(out, o, open);
            } finally {
                open.remove(o);
            }
            return;
        }
        out.append(simple(o));
    }

    private static void writeContainer(Out out, Object o, IdentityHashMap<Object, Boolean> open) {
        if (o instanceof PyTuple t) {
            out.append("(");
            for (int i = 0; i < t.items.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(out, t.items[i], open);
            }
            out.append(t.items.length == 1 ? ",)" : ")");
        } else if (o instanceof List<?> l) {
            out.append("[");
            boolean first = true;
            for (Object item : l) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                write(out, item, open);
            }
            out.append("]");
        } else if (o instanceof Map<?, ?> m) {
            out.append("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                write(out, e.getKey(), open);
                out.append(": ");
                write(out, e.getValue(), open);
            }
            out.append("}");
        } else {
            Set<?> s = (Set<?>) o;
            if (s.isEmpty()) {
                out.append("set()");
                return;
            }
            out.append("{");
            boolean first = true;
            for (Object item : s) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                write(out, item, open);
            }
            out.append("}");
        }
    }

    private static String simple(Object o) {
        if (o == null || o instanceof Boolean || o instanceof Number || o instanceof String) {
            return repr(o);
        }
        if (o instanceof PyRange r) {
            return r.step == 1 ? "range(" + r.start + ", " + r.stop + ")"
                    : "range(" + r.start + ", " + r.stop + ", " + r.step + ")";
        }
        if (o instanceof PyIterator it) {
            return it.typeName.equals("generator") ? "<generator object <genexpr>>" : "<" + it.typeName + " object>";
        }
        if (o instanceof Builtin b) {
            return b.isType() ? "<class '" + b.pythonName + "'>" : "<built-in function " + b.pythonName + ">";
        }
        if (o instanceof BoundMethod m) {
            return "<built-in method " + m.displayName() + " of " + Py.typeName(m.self) + " object>";
        }
        if (o instanceof PyFunction fn) {
            return "<function " + fn.displayName() + ">";
        }
        return "<object>";
    }

    static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() > Py.MAX_SIZE) {
            throw new ExpressionLimitException("value too large: its text is longer than " + Py.MAX_SIZE + " characters");
        }
        return sb.append(quote).toString();
    }

    /** Python's {@code repr(float)}: the shortest digits that round-trip, fixed notation for 1e-4 <= |x| < 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return (long) d + ".0";
        }
        BigDecimal exact = new BigDecimal(Math.abs(d));
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == Math.abs(d)) {
                shortest = r;
                break;
            }
        }
        if (shortest == null) {
            shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - shortest.scale() - 1;
        return (d < 0 ? "-" : "") + layout(digits, exponent, -4, 16);
    }

    /**
     * Places a decimal point into significant digits the way Python's repr does.
     *
     * @param exponent the decimal exponent of the first digit
     */
    static String layout(String digits, int exponent, int minFixed, int maxFixed) {
        int n = digits.length();
        if (exponent >= minFixed && exponent < maxFixed) {
            if (exponent >= n - 1) {
                return digits + "0".repeat(exponent - n + 1) + ".0";
            }
            if (exponent >= 0) {
                return digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
            }
            return "0." + "0".repeat(-exponent - 1) + digits;
        }
        String mantissa = n == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + exponentSuffix(exponent);
    }

    static String exponentSuffix(int exponent) {
        int abs = Math.abs(exponent);
        return "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
    }
}
