package io.flowproof.domain.expression;

/** An expression failed to compile or to evaluate. The message is meant for the end user. */
public class ExpressionException extends RuntimeException {

    public ExpressionException(String message) {
        super(message);
    }

    public ExpressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
