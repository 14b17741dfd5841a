package io.flowproof.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with a given environment and captures stdout, stderr and the exit code. */
final class CliRun {

    final Map<String, String> env = new HashMap<>();
    Path home = Path.of("/nonexistent-home");
    boolean tty;

    int exitCode;
    String out;
    String err;

    CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliRun tty() {
        tty = true;
        return this;
    }

    CliRun home(Path home) {
        this.home = home;
        return this;
    }

    CliRun run(String... args) {
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        exitCode = Cli.run(args, new CliEnv(Map.copyOf(env), home, new PrintWriter(outText, true), new PrintWriter(errText, true), tty,
                Clock.systemDefaultZone()));
        out = outText.toString();
        err = errText.toString();
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
