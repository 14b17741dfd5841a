package io.flowproof.cli;

import io.flowproof.testing.app.TestFiles;
import io.flowproof.testing.app.LeftoverPostgres;
import java.io.IOException;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real app (the functions module's Boot jar) in a child JVM, set up as the ensure-checkout sample's README says:
 * its flows directory, command triggers on. Own free port (passed as {@code SERVER_PORT}, which the sample's shop
 * also reads), own temporary data directory (so its own embedded Postgres) and API key. {@link #close()} (also run
 * from a shutdown hook) stops the app, any Postgres it left behind, and deletes the directory.
 */
final class SampleApp implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String url;
    private final String apiKey;
    private final Thread hook = new Thread(this::close, "flowproof-cli-it-cleanup");
    private boolean closed;

    private SampleApp(Process process, Path dataDir, Path log, String url, String apiKey) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.url = url;
        this.apiKey = apiKey;
    }

    static SampleApp start(Path flowsDir, String apiKey) throws IOException {
        Path jar = Path.of(System.getProperty("flowproof.app.jar", "../functions/target/functions-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The app jar " + jar.toAbsolutePath() + " is missing: build with "
                    + "`./mvnw -B verify -pl cli -am` so the functions module is packaged first");
        }
        int port = TestFiles.freeLoopbackPort();
        Path dataDir = Files.createTempDirectory("flowproof-cli-it-");
        Path log = dataDir.resolve("app.log");
        Path javaHome = Path.of(System.getProperty("java.home"));
        ProcessBuilder builder = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-Xmx512m", "-jar",
                jar.toAbsolutePath().toString(), "--server.address=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("FLOWPROOF_") || name.startsWith("BUSINESS_USE_") || name.startsWith("SPRING_"));
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("FLOWPROOF_DATA_DIR", dataDir.toString());
        env.put("FLOWPROOF_API_KEY", apiKey);
        env.put("FLOWPROOF_FLOWS_DIR", flowsDir.toAbsolutePath().normalize().toString());
        env.put("FLOWPROOF_COMMAND_TRIGGERS", "true");
        env.put("PATH", javaHome.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin")); // the trigger runs `java Shop.java`
        SampleApp app = new SampleApp(builder.start(), dataDir, log, "http://127.0.0.1:" + port, apiKey);
        Runtime.getRuntime().addShutdownHook(app.hook);
        try {
            app.awaitHealthy(Duration.ofSeconds(180));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    String url() {
        return url;
    }

    String apiKey() {
        return apiKey;
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("The app did not become healthy within " + timeout + ":\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        try {
            process.destroy(); // SIGTERM: graceful shutdown, the app stops its embedded Postgres
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            LeftoverPostgres.stop(dataDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            TestFiles.deleteRecursively(dataDir);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
