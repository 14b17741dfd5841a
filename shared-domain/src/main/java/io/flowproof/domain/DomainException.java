package io.flowproof.domain;

import java.util.List;

/**
 * The small, typed set of failures the HTTP layer maps to status codes in one place. Messages are the
 * contract's texts ({@code Node not found}, {@code Cannot update code-defined def}, ...).
 */
public abstract sealed class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause, false, true);
    }

    /** Something named does not exist (404). */
    public static final class NotFound extends DomainException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The request contradicts stored state, e.g. an ambiguous node id (409). */
    public static final class Conflict extends DomainException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The request is well-formed but not allowed, e.g. editing a code-defined node (400). */
    public static final class Rejected extends DomainException {
        public Rejected(String message) {
            super(message);
        }
    }

    /** A field of the request is invalid (422); {@code location} names it, e.g. {@code ["body","validator","script"]}. */
    public static final class Invalid extends DomainException {
        private final List<Object> location;

        public Invalid(List<Object> location, String message) {
            super(message);
            this.location = List.copyOf(location);
        }

        public List<Object> location() {
            return location;
        }
    }

    /** A dependency (the database) cannot be reached right now (503); nothing was changed. */
    public static final class Unavailable extends DomainException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
