package io.flowproof.domain.flow;

/**
 * One problem found in a flow file: where ({@code file}, 1-based {@code line}, 0 when unknown) and why.
 * Rendered as {@code file:line: reason}.
 */
public record FlowProblem(String file, int line, String reason) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
