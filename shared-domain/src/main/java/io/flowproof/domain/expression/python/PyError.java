package io.flowproof.domain.expression.python;

import io.flowproof.domain.expression.ExpressionException;

/**
 * A Python runtime error ({@code KeyError: 'missing'}, {@code TypeError: ...}). Scripts fail often
 * and on purpose (a missing key is a failed validator), so the stack trace is not filled in: raising
 * one costs about as much as allocating a small object.
 */
final class PyError extends ExpressionException {

    private PyError(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    static PyError of(String kind, String message) {
        return new PyError(message == null || message.isEmpty() ? kind : kind + ": " + message);
    }

    static PyError type(String message) {
        return of("TypeError", message);
    }

    static PyError value(String message) {
        return of("ValueError", message);
    }

    static PyError index(String message) {
        return of("IndexError", message);
    }

    static PyError key(Object key) {
        return of("KeyError", Repr.repr(key));
    }

    static PyError name(String name) {
        return of("NameError", "name '" + name + "' is not defined");
    }

    static PyError zeroDivision(String message) {
        return of("ZeroDivisionError", message);
    }

    static PyError attribute(Object target, String attribute) {
        return of("AttributeError", "'" + Py.typeName(target) + "' object has no attribute '" + attribute + "'");
    }

    static PyError overflow(String message) {
        return of("OverflowError", message);
    }

    static PyError unsupported(String operator, Object left, Object right) {
        return type("unsupported operand type(s) for " + operator + ": '" + Py.typeName(left) + "' and '"
                + Py.typeName(right) + "'");
    }
}
