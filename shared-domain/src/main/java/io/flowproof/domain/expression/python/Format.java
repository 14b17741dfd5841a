package io.flowproof.domain.expression.python;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Text formatting: the format-spec mini-language ({@code f"{x:.2f}"}, {@code format(x, ">5")},
 * {@code "{}".format(x)}) and printf-style {@code "%s" % x}.
 */
final class Format {

    private Format() {}

    /** {@code format(value, spec)}: {@code [[fill]align][sign][#][0][width][,|_][.precision][type]}. */
    static String format(Object value, String spec) {
        if (spec.isEmpty()) {
            return Repr.str(value);
        }
        int i = 0;
        char fill = ' ';
        char align = 0;
        if (spec.length() >= 2 && "<>^=".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.charAt(0);
            align = spec.charAt(1);
            i = 2;
        } else if ("<>^=".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        char sign = '-';
        if (i < spec.length() && "+- ".indexOf(spec.charAt(i)) >= 0) {
            sign = spec.charAt(i++);
        }
        boolean alternate = false;
        if (i < spec.length() && spec.charAt(i) == '#') {
            alternate = true;
            i++;
        }
        if (i < spec.length() && spec.charAt(i) == '0') {
            if (align == 0) {
                fill = '0';
                align = '=';
            }
            i++;
        }
        int width = 0;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            width = width * 10 + (spec.charAt(i++) - '0');
            Py.checkSize(width);
        }
        char grouping = 0;
        if (i < spec.length() && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
            grouping = spec.charAt(i++);
        }
        int precision = -1;
        if (i < spec.length() && spec.charAt(i) == '.') {
            i++;
            precision = 0;
            int start = i;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                precision = precision * 10 + (spec.charAt(i++) - '0');
                Py.checkSize(precision);
            }
            if (start == i) {
                throw PyError.value("Format specifier missing precision");
            }
        }
        char type = 0;
        if (i < spec.length()) {
            type = spec.charAt(i++);
        }
        if (i != spec.length()) {
            throw PyError.value("Invalid format specifier '" + spec + "' for object of type '" + Py.typeName(value) + "'");
        }
        String body;
        boolean numeric = Py.numKind(value) != 0 && !(value instanceof Boolean && (type == 0 || type == 's'));
        if (!numeric) {
            if (type != 0 && type != 's') {
                throw PyError.value("Unknown format code '" + type + "' for object of type '" + Py.typeName(value) + "'");
            }
            body = Repr.str(value);
            if (precision >= 0 && precision < body.length()) {
                body = body.substring(0, precision);
            }
            return pad(body, "", width, fill, align == 0 ? '<' : align);
        }
        boolean negative;
        if (Py.isInt(value) && (type == 0 || "dnxXobc".indexOf(type) >= 0)) {
            if (precision >= 0) {
                throw PyError.value("Precision not allowed in integer format specifier");
            }
            BigInteger n = Py.toBig(value);
            negative = n.signum() < 0;
            n = n.abs();
            body = switch (type) {
                case 'x' -> (alternate ? "0x" : "") + n.toString(16);
                case 'X' -> (alternate ? "0X" : "") + n.toString(16).toUpperCase();
                case 'o' -> (alternate ? "0o" : "") + n.toString(8);
                case 'b' -> (alternate ? "0b" : "") + n.toString(2);
                case 'c' -> String.valueOf((char) n.intValue());
                default -> group(n.toString(), grouping);
            };
        } else {
            if ("eEfFgGn%".indexOf(type) < 0 && type != 0) {
                throw PyError.value("Unknown format code '" + type + "' for object of type '" + Py.typeName(value) + "'");
            }
            double d = Py.toDouble(value);
            negative = d < 0 || (d == 0 && 1 / d < 0);
            body = formatFloat(Math.abs(d), type, precision, alternate, grouping);
        }
        String signText = negative ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
        return pad(body, signText, width, fill, align == 0 ? '>' : align);
    }

    private static String formatFloat(double d, char type, int precision, boolean alternate, char grouping) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String s = Double.isNaN(d) ? "nan" : "inf";
            return Character.isUpperCase(type) ? s.toUpperCase() : type == '%' ? s + "%" : s;
        }
        switch (type) {
            case 'f':
            case 'F':
                return groupFixed(fixed(d, precision < 0 ? 6 : precision, alternate), grouping);
            case '%':
                return groupFixed(fixed(d * 100, precision < 0 ? 6 : precision, alternate), grouping) + "%";
            case 'e':
            case 'E': {
                String s = scientific(d, precision < 0 ? 6 : precision, alternate);
                return type == 'E' ? s.toUpperCase() : s;
            }
            case 'g':
            case 'G':
            case 'n': {
                String s = general(d, precision < 0 ? 6 : Math.max(precision, 1), alternate, false);
                return type == 'G' ? s.toUpperCase() : groupFixed(s, grouping);
            }
            default:
                if (precision < 0) {
                    return groupFixed(Repr.floatRepr(d), grouping);
                }
                return groupFixed(general(d, Math.max(precision, 1), alternate, true), grouping);
        }
    }

    static String fixed(double d, int precision, boolean alternate) {
        String s = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && precision == 0 ? s + "." : s;
    }

    private static String scientific(double d, int precision, boolean alternate) {
        if (d == 0) {
            return (precision > 0 ? "0." + "0".repeat(precision) : alternate ? "0." : "0") + "e+00";
        }
        BigDecimal r = new BigDecimal(d).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - r.scale() - 1;
        if (digits.length() < precision + 1) {
            digits = digits + "0".repeat(precision + 1 - digits.length());
        }
        digits = digits.substring(0, precision + 1);
        String mantissa = precision == 0 ? digits + (alternate ? "." : "") : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + Repr.exponentSuffix(exponent);
    }

    private static String general(double d, int precision, boolean alternate, boolean reprStyle) {
        if (d == 0) {
            return reprStyle ? "0.0" : "0";
        }
        BigDecimal r = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - r.scale() - 1;
        if (exponent >= -4 && exponent < precision) {
            String s = r.setScale(Math.max(0, precision - 1 - exponent), RoundingMode.HALF_EVEN).toPlainString();
            if (!alternate && s.indexOf('.') >= 0) {
                s = s.replaceAll("0+$", "");
                if (s.endsWith(".")) {
                    s = reprStyle ? s + "0" : s.substring(0, s.length() - 1);
                }
            } else if (reprStyle && s.indexOf('.') < 0) {
                s = s + ".0";
            }
            return s;
        }
        String stripped = alternate ? digits : digits.replaceAll("0+$", "");
        if (stripped.isEmpty()) {
            stripped = "0";
        }
        String mantissa = stripped.length() == 1 ? stripped : stripped.charAt(0) + "." + stripped.substring(1);
        return mantissa + Repr.exponentSuffix(exponent);
    }

    private static String group(String digits, char grouping) {
        if (grouping == 0 || digits.length() <= 3) {
            return digits;
        }
        StringBuilder sb = new StringBuilder();
        int first = digits.length() % 3;
        if (first > 0) {
            sb.append(digits, 0, first);
        }
        for (int i = first; i < digits.length(); i += 3) {
            if (sb.length() > 0) {
                sb.append(grouping);
            }
            sb.append(digits, i, i + 3);
        }
        return sb.toString();
    }

    private static String groupFixed(String s, char grouping) {
        if (grouping == 0) {
            return s;
        }
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return group(s.substring(0, end), grouping) + s.substring(end);
    }

    private static String pad(String body, String sign, int width, char fill, char align) {
        int length = body.length() + sign.length();
        if (length >= width) {
            return sign + body;
        }
        String padding = String.valueOf(fill).repeat(width - length);
        return switch (align) {
            case '<' -> sign + body + padding;
            case '^' -> {
                int left = (width - length) / 2;
                yield padding.substring(0, left) + sign + body + padding.substring(left);
            }
            case '=' -> sign + padding + body;
            default -> padding + sign + body;
        };
    }

    /** {@code "{} {name} {0!r:>5}".format(...)}: replacement fields by position, index or keyword. */
    static String strFormat(String template, List<Object> positional, Map<String, Object> keywords) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw PyError.value("Single '{' encountered in format string");
                }
                String field = template.substring(i + 1, close);
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                char conversion = 0;
                int bang = field.indexOf('!');
                if (bang >= 0) {
                    conversion = bang + 1 < field.length() ? field.charAt(bang + 1) : 0;
                    field = field.substring(0, bang);
                }
                Object value;
                if (field.isEmpty()) {
                    value = argument(positional, auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    value = argument(positional, Integer.parseInt(field));
                } else if (keywords.containsKey(field)) {
                    value = keywords.get(field);
                } else {
                    throw PyError.of("KeyError", Repr.repr(field));
                }
                if (conversion == 'r') {
                    value = Repr.repr(value);
                } else if (conversion == 's') {
                    value = Repr.str(value);
                }
                out.append(format(value, spec));
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw PyError.value("Single '}' encountered in format string");
            } else {
                out.append(c);
                i++;
            }
            Py.checkSize(out.length());
        }
        return out.toString();
    }

    private static Object argument(List<Object> positional, int index) {
        if (index >= positional.size()) {
            throw PyError.index("Replacement index " + index + " out of range for positional args tuple");
        }
        return positional.get(index);
    }

    /** printf-style {@code "%s is %d" % (a, b)} with flags, width and precision. */
    static String percent(String template, Object arguments) {
        List<?> args = arguments instanceof PyTuple t ? t : List.of();
        boolean single = !(arguments instanceof PyTuple);
        Map<?, ?> mapping = arguments instanceof Map<?, ?> m ? m : null;
        int next = 0;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= template.length()) {
                throw PyError.value("incomplete format");
            }
            Object value = null;
            boolean haveValue = false;
            if (template.charAt(i) == '(') {
                int close = template.indexOf(')', i);
                if (close < 0 || mapping == null) {
                    throw PyError.type("format requires a mapping");
                }
                Object v = Py.mapGet(mapping, template.substring(i + 1, close));
                if (v == Py.MISSING) {
                    throw PyError.key(template.substring(i + 1, close));
                }
                value = v;
                haveValue = true;
                i = close + 1;
            }
            StringBuilder spec = new StringBuilder();
            while (i < template.length() && "-+ #0123456789.".indexOf(template.charAt(i)) >= 0) {
                spec.append(template.charAt(i++));
            }
            if (i >= template.length()) {
                throw PyError.value("incomplete format");
            }
            char type = template.charAt(i++);
            if (type == '%') {
                out.append('%');
                continue;
            }
            if (!haveValue) {
                if (single) {
                    if (next++ > 0) {
                        throw PyError.type("not enough arguments for format string");
                    }
                    value = arguments;
                } else {
                    if (next >= args.size()) {
                        throw PyError.type("not enough arguments for format string");
                    }
                    value = args.get(next++);
                }
            }
            out.append(percentOne(value, spec.toString(), type));
            Py.checkSize(out.length());
        }
        if (!single && next < args.size() && mapping == null) {
            throw PyError.type("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static String percentOne(Object value, String flags, char type) {
        String align = flags.contains("-") ? "<" : "";
        String rest = flags.replace("-", "");
        switch (type) {
            case 's':
            case 'r':
            case 'a': {
                String text = type == 's' ? Repr.str(value) : Repr.repr(value);
                return format(text, align + rest.replace("0", "").replace("+", "").replace(" ", "").replace("#", ""));
            }
            case 'd':
            case 'i':
            case 'u':
                if (Py.numKind(value) == 0) {
                    throw PyError.type("%" + type + " format: a real number is required, not " + Py.typeName(value));
                }
                Object integer = Py.isInt(value) ? value : Builtin.toInt(value);
                return format(integer, align + rest.replaceAll("\\.\\d*", "") + "d");
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G':
            case 'x':
            case 'X':
            case 'o':
                if (Py.numKind(value) == 0) {
                    throw PyError.type("must be real number, not " + Py.typeName(value));
                }
                return format(value, align + rest + type);
            default:
                throw PyError.value("unsupported format character '" + type + "'");
        }
    }
}
