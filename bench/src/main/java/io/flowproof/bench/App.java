package io.flowproof.bench;

import io.flowproof.testing.app.TestFiles;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged app ({@code functions-*.jar}) as a child JVM, started the way a user starts it:
 * {@code java <jvm options> -jar functions-*.jar} with {@code FLOWPROOF_DATA_DIR} and {@code FLOWPROOF_API_KEY}
 * in its environment, loopback only, its output in {@code <logDir>/app-<n>.log} and its GC log beside it (the
 * peak heap is read from there). Same approach as the functions module's {@code it.AppProcess}.
 */
final class App {

    private static final Pattern READY = Pattern.compile("Flowproof ready in (\\d+) ms");
    /** Unified GC log: {@code ... Pause Young (Normal) (G1 Evacuation Pause) 52M->10M(256M) 3.456ms}. */
    private static final Pattern HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final Process process;
    private final URI base;
    private final Path dataDir;
    private final Path log;
    private final Path gcLog;
    private final long startedNanos;

    private App(Process process, URI base, Path dataDir, Path log, Path gcLog, long startedNanos) {
        this.process = process;
        this.base = base;
        this.dataDir = dataDir;
        this.log = log;
        this.gcLog = gcLog;
        this.startedNanos = startedNanos;
    }

    static App start(Path jar, List<String> jvmOptions, Path dataDir, String apiKey, Path logDir, String name) {
        int port = TestFiles.freeLoopbackPort();
        Path log = logDir.resolve(name + ".log");
        Path gcLog = logDir.resolve(name + "-gc.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        jvmOptions.forEach(option -> command.add(option.replace("{name}", name))); // e.g. a JFR file per start
        command.add("-Xlog:gc:file=" + gcLog);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("FLOWPROOF_") || key.startsWith("BUSINESS_USE_")
                || key.startsWith("SPRING_") || key.equals("SERVER_PORT") || key.equals("JAVA_TOOL_OPTIONS"));
        env.put("FLOWPROOF_DATA_DIR", dataDir.toString());
        env.put("FLOWPROOF_API_KEY", apiKey);
        // the bench measures the poll tick itself (PollTickBench, as the poll function does); the app's own ticker
        // would race it for the same runs
        env.put("FLOWPROOF_POLLER_ENABLED", "false");
        try {
            Files.createDirectories(logDir);
            long started = System.nanoTime();
            return new App(builder.start(), URI.create("http://127.0.0.1:" + port), dataDir, log, gcLog, started);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** Waits for {@code GET /health} 200; the time from process start to that answer. */
    Duration awaitHealthy(Duration within) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = startedNanos + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(20);
        }
        throw new IllegalStateException("The app was not healthy within " + within + "; see " + log);
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    Path dataDir() {
        return dataDir;
    }

    /** The port of the app's embedded Postgres ({@code <dataDir>/postgres.port}). */
    int postgresPort() {
        try {
            return Integer.parseInt(Files.readString(dataDir.resolve("postgres.port")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("No postgres.port in " + dataDir, e);
        }
    }

    /** The {@code N} of the app's own "Flowproof ready in N ms" log line. */
    OptionalLong readyMillis() {
        try {
            Matcher m = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Current resident set size in KiB ({@code VmRSS}). */
    OptionalLong rssKib() {
        return status("VmRSS:");
    }

    /** Peak resident set size in KiB since start ({@code VmHWM}). */
    OptionalLong peakRssKib() {
        return status("VmHWM:");
    }

    /** Largest heap occupancy before a collection, in MiB, from the GC log so far (-1 when no GC ran). */
    long peakHeapMib() {
        long peak = -1;
        try {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher m = HEAP.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, mib(Long.parseLong(m.group(1)), m.group(2)));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return peak;
    }

    /** Clean stop (SIGTERM): the app stops its Postgres. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    private static long mib(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }

    private OptionalLong status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).replace("kB", "").strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return OptionalLong.empty();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
