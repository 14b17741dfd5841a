package io.flowproof.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything the CLI takes from its surroundings, so tests can run it in-process: environment variables, the home
 * directory (for {@code ~/.flowproof/api-key}), stdout, stderr, whether stdout is a terminal, and the clock.
 */
public record CliEnv(Map<String, String> env, Path home, PrintWriter out, PrintWriter err, boolean tty, Clock clock) {

    public static CliEnv system() {
        return new CliEnv(System.getenv(), Path.of(System.getProperty("user.home")),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.console() != null, Clock.systemDefaultZone());
    }

    String get(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
