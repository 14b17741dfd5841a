package io.flowproof.sdk;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Flowproof app (the functions module's Boot jar) in a child JVM, on a free port, with its own temporary data
 * directory (and so its own embedded Postgres) and API key. {@link #close()} always stops it and its Postgres.
 */
final class RealApp implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String url;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private RealApp(Process process, Path dataDir, Path log, String url, String apiKey) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.url = url;
        this.apiKey = apiKey;
    }

    static RealApp start(String apiKey) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("flowproof.app.jar", "../functions/target/functions-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The app jar " + jar.toAbsolutePath() + " is missing: build with "
                    + "`./mvnw -B verify -pl sdk-java -am` so the functions module is packaged first");
        }
        int port = TestFiles.freeLoopbackPort();
        Path dataDir = Files.createTempDirectory("flowproof-sdk-it-");
        Path log = Files.createTempFile("flowproof-sdk-it-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FLOWPROOF_") || name.startsWith("BUSINESS_USE_")
                || name.startsWith("SPRING_"));
        builder.environment().put("FLOWPROOF_DATA_DIR", dataDir.toString());
        builder.environment().put("FLOWPROOF_API_KEY", apiKey);
        RealApp app = new RealApp(builder.start(), dataDir, log, "http://127.0.0.1:" + port, apiKey);
        try {
            app.awaitHealthy(Duration.ofSeconds(180));
        } catch (RuntimeException | InterruptedException | IOException e) {
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

    /** {@code POST /v1/run-eval}: the evaluation of one run. */
    JsonNode runEval(String runId, String flow) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("run_id", runId, "flow", flow));
        return call(HttpRequest.newBuilder(URI.create(url + "/v1/run-eval"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).GET());
    }

    private JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("X-Api-Key", apiKey).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
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
    public void close() {
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
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
