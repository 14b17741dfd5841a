package io.flowproof.domain.expression.python;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code str} methods. */
final class Strings {

    private Strings() {}

    static Object call(Frame f, Method m, String s, Object[] a, int n, String[] kw) {
        f.charge(s.length() >> 6);
        switch (m) {
            case LOWER:
                m.arity(n, 0, 0);
                return s.toLowerCase(Locale.ROOT);
            case UPPER:
                m.arity(n, 0, 0);
                return s.toUpperCase(Locale.ROOT);
            case CASEFOLD:
                m.arity(n, 0, 0);
                return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
            case SWAPCASE: {
                m.arity(n, 0, 0);
                StringBuilder sb = new StringBuilder(s.length());
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
                return sb.toString();
            }
            case STRIP:
            case LSTRIP:
            case RSTRIP:
                m.arity(n, 0, 1);
                return strip(s, n == 1 ? a[0] : null, m != Method.RSTRIP, m != Method.LSTRIP);
            case STARTSWITH:
            case ENDSWITH: {
                m.arity(n, 1, 3);
                String target = s;
                if (n > 1) {
                    int[] range = range(s, n > 1 ? a[1] : null, n > 2 ? a[2] : null);
                    target = range[0] <= range[1] ? s.substring(range[0], range[1]) : "";
                }
                Object prefixes = a[0];
                if (prefixes instanceof PyTuple t) {
                    for (Object p : t.items) {
                        if (matchesEnd(m, target, text(p, m))) {
                            return true;
                        }
                    }
                    return false;
                }
                if (!(prefixes instanceof String)) {
                    throw PyError.type(m.pythonName() + " first arg must be str or a tuple of str, not "
                            + Py.typeName(prefixes));
                }
                return matchesEnd(m, target, (String) prefixes);
            }
            case SPLIT:
            case RSPLIT: {
                Object sep = n > 0 ? a[0] : Builtin.keyword(a, kw, "sep", null);
                Object max = n > 1 ? a[1] : Builtin.keyword(a, kw, "maxsplit", -1L);
                m.arity(n, 0, 2);
                long maxSplit = Py.index(max, "'" + Py.typeName(max) + "' object cannot be interpreted as an integer: ");
                return split(s, sep == null ? null : text(sep, m), maxSplit < 0 ? Long.MAX_VALUE : maxSplit,
                        m == Method.RSPLIT);
            }
            case JOIN: {
                m.arity(n, 1, 1);
                StringBuilder sb = new StringBuilder();
                int index = 0;
                for (Iterator<Object> it = Py.iter(f, a[0]); it.hasNext(); index++) {
                    Object item = it.next();
                    if (!(item instanceof String t)) {
                        throw PyError.type("sequence item " + index + ": expected str instance, " + Py.typeName(item)
                                + " found");
                    }
                    if (index > 0) {
                        sb.append(s);
                    }
                    sb.append(t);
                    Py.checkSize(sb.length());
                }
                f.charge(sb.length() >> 6);
                return sb.toString();
            }
            case REPLACE: {
                m.arity(n, 2, 3);
                String old = text(a[0], m);
                String replacement = text(a[1], m);
                long count = n == 3 ? Py.index(a[2], "'" + Py.typeName(a[2]) + "' object cannot be interpreted as an integer: ")
                        : -1;
                return replace(f, s, old, replacement, count < 0 ? Long.MAX_VALUE : count);
            }
            case COUNT: {
                m.arity(n, 1, 3);
                String sub = text(a[0], m);
                int[] range = range(s, n > 1 ? a[1] : null, n > 2 ? a[2] : null);
                if (range[0] > range[1]) {
                    return 0L;
                }
                String target = s.substring(range[0], range[1]);
                if (sub.isEmpty()) {
                    return (long) target.length() + 1;
                }
                long count = 0;
                for (int at = target.indexOf(sub); at >= 0; at = target.indexOf(sub, at + sub.length())) {
                    count++;
                }
                return count;
            }
            case FIND:
            case INDEX:
            case RFIND:
            case RINDEX: {
                m.arity(n, 1, 3);
                String sub = text(a[0], m);
                int[] range = range(s, n > 1 ? a[1] : null, n > 2 ? a[2] : null);
                int found = -1;
                if (range[0] <= range[1]) {
                    String target = s.substring(range[0], range[1]);
                    int at = m == Method.FIND || m == Method.INDEX ? target.indexOf(sub) : target.lastIndexOf(sub);
                    found = at < 0 ? -1 : at + range[0];
                }
                if (found < 0 && (m == Method.INDEX || m == Method.RINDEX)) {
                    throw PyError.value("substring not found");
                }
                return (long) found;
            }
            case ISDIGIT:
            case ISNUMERIC:
            case ISDECIMAL:
                m.arity(n, 0, 0);
                return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case ISALPHA:
                m.arity(n, 0, 0);
                return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case ISALNUM:
                m.arity(n, 0, 0);
                return !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case ISSPACE:
                m.arity(n, 0, 0);
                return !s.isEmpty() && s.chars().allMatch(Strings::isSpace);
            case ISLOWER:
            case ISUPPER: {
                m.arity(n, 0, 0);
                boolean cased = false;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                        if (m == Method.ISLOWER) {
                            return false;
                        }
                        cased = true;
                    } else if (Character.isLowerCase(c)) {
                        if (m == Method.ISUPPER) {
                            return false;
                        }
                        cased = true;
                    }
                }
                return cased;
            }
            case TITLE: {
                m.arity(n, 0, 0);
                StringBuilder sb = new StringBuilder(s.length());
                boolean previousCased = false;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    sb.append(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
                    previousCased = Character.isLetter(c);
                }
                return sb.toString();
            }
            case CAPITALIZE:
                m.arity(n, 0, 0);
                return s.isEmpty() ? s : Character.toTitleCase(s.charAt(0)) + s.substring(1).toLowerCase(Locale.ROOT);
            case ZFILL: {
                m.arity(n, 1, 1);
                long width = Py.index(a[0], "'" + Py.typeName(a[0]) + "' object cannot be interpreted as an integer: ");
                Py.checkSize(width);
                if (width <= s.length()) {
                    return s;
                }
                String zeros = "0".repeat((int) width - s.length());
                if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
                    return s.charAt(0) + zeros + s.substring(1);
                }
                return zeros + s;
            }
            case LJUST:
            case RJUST:
            case CENTER: {
                m.arity(n, 1, 2);
                long width = Py.index(a[0], "'" + Py.typeName(a[0]) + "' object cannot be interpreted as an integer: ");
                Py.checkSize(width);
                String fill = n == 2 ? text(a[1], m) : " ";
                if (fill.length() != 1) {
                    throw PyError.type("The fill character must be exactly one character long");
                }
                if (width <= s.length()) {
                    return s;
                }
                int pad = (int) width - s.length();
                if (m == Method.LJUST) {
                    return s + fill.repeat(pad);
                }
                if (m == Method.RJUST) {
                    return fill.repeat(pad) + s;
                }
                int left = pad / 2 + (pad & (int) width & 1);
                return fill.repeat(left) + s + fill.repeat(pad - left);
            }
            case PARTITION:
            case RPARTITION: {
                m.arity(n, 1, 1);
                String sep = text(a[0], m);
                if (sep.isEmpty()) {
                    throw PyError.value("empty separator");
                }
                int at = m == Method.PARTITION ? s.indexOf(sep) : s.lastIndexOf(sep);
                if (at < 0) {
                    return m == Method.PARTITION ? PyTuple.of(s, "", "") : PyTuple.of("", "", s);
                }
                return PyTuple.of(s.substring(0, at), sep, s.substring(at + sep.length()));
            }
            case SPLITLINES: {
                m.arity(n, 0, 1);
                boolean keep = n == 1 && Py.truthy(a[0]);
                PyList out = new PyList();
                int start = 0;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                            || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                        int end = i;
                        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                            i++;
                        }
                        out.add(s.substring(start, keep ? i + 1 : end));
                        start = i + 1;
                    }
                }
                if (start < s.length()) {
                    out.add(s.substring(start));
                }
                return out;
            }
            case REMOVEPREFIX: {
                m.arity(n, 1, 1);
                String p = text(a[0], m);
                return s.startsWith(p) ? s.substring(p.length()) : s;
            }
            case REMOVESUFFIX: {
                m.arity(n, 1, 1);
                String p = text(a[0], m);
                return !p.isEmpty() && s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
            }
            default: {
                List<Object> positional = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    positional.add(a[i]);
                }
                Map<String, Object> keywords = new LinkedHashMap<>();
                for (int i = 0; kw != null && i < kw.length; i++) {
                    keywords.put(kw[i], a[n + i]);
                }
                return Format.strFormat(s, positional, keywords);
            }
        }
    }

    private static boolean matchesEnd(Method m, String target, String affix) {
        return m == Method.STARTSWITH ? target.startsWith(affix) : target.endsWith(affix);
    }

    private static String text(Object o, Method m) {
        if (o instanceof String s) {
            return s;
        }
        throw PyError.type("must be str, not " + Py.typeName(o));
    }

    private static int[] range(String s, Object start, Object end) {
        int length = s.length();
        long from = start == null ? 0 : Py.index(start, "slice indices must be integers or None, not ");
        long to = end == null ? length : Py.index(end, "slice indices must be integers or None, not ");
        if (from < 0) {
            from = Math.max(0, from + length);
        }
        if (to < 0) {
            to = Math.max(0, to + length);
        }
        return new int[] {(int) Math.min(from, length), (int) Math.min(to, length)};
    }

    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x1c || c == 0x1d || c == 0x1e
                || c == 0x1f || c == 0x85;
    }

    private static String strip(String s, Object chars, boolean left, boolean right) {
        if (chars != null && !(chars instanceof String)) {
            throw PyError.type("strip arg must be None or str");
        }
        String set = (String) chars;
        int start = 0;
        int end = s.length();
        while (left && start < end && (set == null ? isSpace(s.charAt(start)) : set.indexOf(s.charAt(start)) >= 0)) {
            start++;
        }
        while (right && end > start && (set == null ? isSpace(s.charAt(end - 1)) : set.indexOf(s.charAt(end - 1)) >= 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static PyList split(String s, String sep, long maxSplit, boolean fromRight) {
        PyList out = new PyList();
        if (sep == null) {
            List<String> words = new ArrayList<>();
            int i = 0;
            int n = s.length();
            if (!fromRight) {
                long splits = 0;
                while (i < n) {
                    while (i < n && isSpace(s.charAt(i))) {
                        i++;
                    }
                    if (i >= n) {
                        break;
                    }
                    if (splits >= maxSplit) {
                        words.add(strip(s.substring(i), null, false, true));
                        break;
                    }
                    int start = i;
                    while (i < n && !isSpace(s.charAt(i))) {
                        i++;
                    }
                    words.add(s.substring(start, i));
                    splits++;
                }
            } else {
                int j = n;
                long splits = 0;
                while (j > 0) {
                    while (j > 0 && isSpace(s.charAt(j - 1))) {
                        j--;
                    }
                    if (j <= 0) {
                        break;
                    }
                    if (splits >= maxSplit) {
                        words.add(0, strip(s.substring(0, j), null, true, false));
                        break;
                    }
                    int end = j;
                    while (j > 0 && !isSpace(s.charAt(j - 1))) {
                        j--;
                    }
                    words.add(0, s.substring(j, end));
                    splits++;
                }
            }
            out.addAll(words);
            return out;
        }
        if (sep.isEmpty()) {
            throw PyError.value("empty separator");
        }
        if (!fromRight) {
            int start = 0;
            long splits = 0;
            int at;
            while (splits < maxSplit && (at = s.indexOf(sep, start)) >= 0) {
                out.add(s.substring(start, at));
                start = at + sep.length();
                splits++;
            }
            out.add(s.substring(start));
            return out;
        }
        List<String> parts = new ArrayList<>();
        int end = s.length();
        long splits = 0;
        int at;
        while (splits < maxSplit && end >= 0 && (at = s.lastIndexOf(sep, end - sep.length())) >= 0) {
            parts.add(0, s.substring(at + sep.length(), end));
            end = at;
            splits++;
        }
        parts.add(0, s.substring(0, end));
        out.addAll(parts);
        return out;
    }

    private static String replace(Frame f, String s, String old, String replacement, long count) {
        if (old.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            long done = 0;
            for (int i = 0; i <= s.length(); i++) {
                if (done < count) {
                    sb.append(replacement);
                    done++;
                }
                if (i < s.length()) {
                    sb.append(s.charAt(i));
                }
                Py.checkSize(sb.length());
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder();
        int start = 0;
        long done = 0;
        int at;
        while (done < count && (at = s.indexOf(old, start)) >= 0) {
            sb.append(s, start, at).append(replacement);
            Py.checkSize(sb.length());
            start = at + old.length();
            done++;
        }
        sb.append(s, start, s.length());
        Py.checkSize(sb.length());
        f.charge(sb.length() >> 6);
        return sb.toString();
    }
}
