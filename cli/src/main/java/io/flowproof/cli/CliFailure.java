package io.flowproof.cli;

/** A failure to report to the user as one readable message (no stack trace); the command exits with 1. */
final class CliFailure extends RuntimeException {

    private final int status;
    private final boolean fatal;

    /**
     * @param status the HTTP status, or 0 when there was no answer
     * @param fatal  true when no further request can succeed (server unreachable, key rejected)
     */
    CliFailure(String message, int status, boolean fatal) {
        super(message);
        this.status = status;
        this.fatal = fatal;
    }

    CliFailure(String message) {
        this(message, 0, false);
    }

    int status() {
        return status;
    }

    boolean fatal() {
        return fatal;
    }
}
