package io.flowproof.domain.evaluation;

import java.math.BigDecimal;

/**
 * Formats numbers in evaluation messages the way the original (Python) did, so messages match it:
 * {@code repr(float)} gives {@code 1500.0}, {@code 1.234567}, {@code 1e+16}, {@code 1e-05}.
 */
final class PythonNumbers {

    private PythonNumbers() {}

    /** Python's {@code repr(float)}. */
    static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            if (value == Math.rint(value)) {
                return ((long) value) + ".0";
            }
            return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        String expSign = exponent < 0 ? "-" : "+";
        int absExp = Math.abs(exponent);
        return sign + mantissa + "e" + expSign + (absExp < 10 ? "0" + absExp : String.valueOf(absExp));
    }

    /** Python's {@code format(x, '.0f')}: round half to even, no decimals. */
    static String roundHalfEven(double value) {
        return Long.toString((long) Math.rint(value));
    }
}
