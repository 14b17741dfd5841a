package io.flowproof.domain.expression;

/**
 * The outcome of a filter or validator. Only a boolean {@code true} result passes; anything else
 * (false, a non-boolean, an error, a limit) fails, and {@code detail} says why.
 */
public record Verdict(boolean passed, String detail) {

    private static final Verdict PASSED = new Verdict(true, null);

    public static Verdict pass() {
        return PASSED;
    }

    public static Verdict fail(String detail) {
        return new Verdict(false, detail);
    }
}
