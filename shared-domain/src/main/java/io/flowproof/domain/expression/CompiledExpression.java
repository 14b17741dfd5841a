package io.flowproof.domain.expression;

/** A compiled script, safe to evaluate concurrently from many threads. */
@FunctionalInterface
public interface CompiledExpression {

    /**
     * Evaluates the script.
     *
     * @param arguments the values of the variables named at compile time, in the same order
     * @return the raw result as a JSON-like value (see {@link ExpressionEngine})
     * @throws ExpressionException for any failure: a runtime error of the script, a sandbox violation,
     *     or a step/time/memory limit; the message is readable by an end user
     */
    Object evaluate(Object... arguments);
}
