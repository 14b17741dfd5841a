package io.flowproof.domain.expression;

/** An evaluation hit a sandbox limit (steps, time, memory, recursion depth). */
public final class ExpressionLimitException extends ExpressionException {

    public ExpressionLimitException(String message) {
        super(message);
    }
}
