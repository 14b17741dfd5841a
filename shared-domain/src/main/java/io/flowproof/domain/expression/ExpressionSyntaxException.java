package io.flowproof.domain.expression;

/** A script that cannot be compiled. The message names the position (line and column). */
public final class ExpressionSyntaxException extends ExpressionException {

    public ExpressionSyntaxException(String message) {
        super(message);
    }

    public ExpressionSyntaxException(String message, Throwable cause) {
        super(message, cause);
    }
}
