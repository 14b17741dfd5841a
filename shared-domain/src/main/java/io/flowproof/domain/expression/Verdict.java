package io.flowproof.domain.expression;

/**
 * The outcome of a filter or validator. Only a boolean {@code true} result passes; anything else
 * (false, a non-boolean, an error, a limit) fails. {@code detail} says why for every failure except
 * a plain {@code false}, which needs no explanation.
 */
public record Verdict(boolean passed, String detail) {

    private static final Verdict PASSED = new Verdict(true, null);
    private static final Verdict FALSE = new Verdict(false, null);

    public static Verdict pass() {
        return PASSED;
    }

    /** The script ran and returned boolean {@code false}. */
    public static Verdict plainFalse() {
        return FALSE;
    }

    public static Verdict fail(String detail) {
        return new Verdict(false, detail);
    }
}
