package io.flowproof.functions.it;

import io.flowproof.testing.app.TestFiles;
import io.flowproof.testing.app.LeftoverPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Boot jar running as a child JVM, exactly as a user starts it:
 * {@code java -jar functions-*.jar --server.port=<free port>} with {@code FLOWPROOF_DATA_DIR} (and optionally
 * {@code FLOWPROOF_API_KEY}) in its environment. Its output goes to a log file under {@code target/it-logs}.
 *
 * <p>The server is bound to the loopback address only. {@link #terminate()} is a clean stop (SIGTERM),
 * {@link #kill()} a crash (SIGKILL), which leaves the app's embedded Postgres running; see
 * {@link LeftoverPostgres}.
 */
public final class AppProcess {

    private static final HttpClient HEALTH = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;

    private AppProcess(Process process, int port, Path dataDir, Path log) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Starts the jar; {@link #awaitHealthy} waits until it serves requests.
     *
     * @param env extra environment; inherited {@code FLOWPROOF_*}, {@code BUSINESS_USE_*} and {@code SPRING_*}
     *            variables are removed first so the developer's own settings never leak into a test
     */
    public static AppProcess start(Path jar, Path dataDir, Map<String, String> env, Path log) {
        int port = TestFiles.freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("FLOWPROOF_") || name.startsWith("BUSINESS_USE_")
                || name.startsWith("SPRING_") || name.equals("SERVER_PORT"));
        environment.put("FLOWPROOF_DATA_DIR", dataDir.toString());
        environment.putAll(env);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        return new AppProcess(process, port, dataDir, log);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The file the app's standard output and error go to. */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Clean stop (SIGTERM): graceful shutdown, the app stops its Postgres. Returns the exit code. */
    public int terminate() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** Crash (SIGKILL): nothing in the app runs any more; its Postgres keeps running. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(15));
    }

    /** Peak resident set size of the app's JVM in KiB ({@code VmHWM}), if it still runs. */
    public OptionalLong peakRssKib() {
        return statusField(process.pid(), "VmHWM:");
    }

    public static OptionalLong statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).replace("kB", "").strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or no /proc
        }
        return OptionalLong.empty();
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until {@code GET /health} answers 200; kills the app and fails if it does not within the time. */
    public void awaitHealthy(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = logTail(40);
                String message = "The app exited with " + process.exitValue() + " before it was healthy; log " + log
                        + ":\n" + tail;
                throw tail.contains("already in use") ? new PortTaken(message) : new IllegalStateException(message);
            }
            try {
                if (HEALTH.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the app", e);
            }
            sleep(Duration.ofMillis(100));
        }
        process.destroyForcibly();
        throw new IllegalStateException("The app was not healthy within " + within + "; log " + log + ":\n" + logTail(40));
    }

    private int awaitExit(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("The app (pid " + process.pid() + ") did not exit within " + within);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while waiting for the app to exit", e);
        }
    }

    /** The free port picked for the app was taken by someone else before the app bound it. */
    public static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
