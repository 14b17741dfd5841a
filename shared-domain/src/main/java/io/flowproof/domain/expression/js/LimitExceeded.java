package io.flowproof.domain.expression.js;

/**
 * Thrown inside a running script when it hits a sandbox limit.
 *
 * <p>It is a {@link Error}, not a {@link RuntimeException}, on purpose: Rhino lets a JS {@code try/catch}
 * (and {@code finally}) handle runtime exceptions, but never a Java {@code Error}, so a script cannot
 * swallow its own limit and keep going.
 */
final class LimitExceeded extends Error {

    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
        super(message, null, false, false);
    }
}
