package io.flowproof.functions;

import java.io.PrintStream;

/** Test access to the package-private {@link FlowsCommand}. */
public final class FlowsCommandAccess {

    private FlowsCommandAccess() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return FlowsCommand.run(args, out, err);
    }
}
