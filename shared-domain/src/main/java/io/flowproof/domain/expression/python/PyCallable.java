package io.flowproof.domain.expression.python;

/** Anything a script can call: builtins, bound methods, lambdas and {@code def} functions. */
interface PyCallable {

    /**
     * Calls with positional arguments followed by keyword arguments.
     *
     * @param arguments positional values, then the values of the keyword arguments
     * @param keywords the names of the last {@code keywords.length} arguments, or {@code null} when there are none
     */
    Object call(Frame frame, Object[] arguments, String[] keywords);

    /** The name shown in messages ({@code len}, {@code <lambda>}). */
    String displayName();
}
