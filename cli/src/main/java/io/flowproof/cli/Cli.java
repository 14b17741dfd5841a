package io.flowproof.cli;

import picocli.CommandLine;

/** Builds the command tree for one invocation and runs it; returns the exit code (0 ok, 1 failed, 2 usage). */
public final class Cli {

    private Cli() {
    }

    public static int run(String[] args, CliEnv env) {
        CommandLine commandLine = new CommandLine(new FlowproofCommand(env));
        commandLine.setOut(env.out());
        commandLine.setErr(env.err());
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof CliFailure failure) {
                env.err().println("✗ " + failure.getMessage());
            } else {
                env.err().println("✗ Error: " + e);
            }
            env.err().flush();
            return 1;
        });
        try {
            return commandLine.execute(args);
        } finally {
            env.out().flush();
            env.err().flush();
        }
    }
}
