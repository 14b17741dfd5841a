package io.flowproof.functions.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/** The few API calls the tests need, over {@link java.net.http.HttpClient} (HTTP/1.1, loopback only). */
public final class ApiClient {

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI base;
    private final String key;

    public ApiClient(URI base, String key) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = base;
        this.key = key;
    }

    /** {@code POST /v1/events-batch}; the status code. Throws when no answer came (connection refused or reset). */
    public int postBatch(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/events-batch"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Any request with this client's key (and {@code headers}); the whole response. Throws when no answer came
     * within {@code timeout}.
     */
    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("X-Api-Key", key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Status of {@code GET path} with this client's key. */
    public int status(String path) {
        return get(path).statusCode();
    }

    /** Every event of {@code flow}, read with {@code GET /v1/events} in pages of {@code pageSize}. */
    public List<Map<String, Object>> events(String flow, int pageSize) {
        return pages("/v1/events?flow=" + encode(flow), pageSize);
    }

    /** Every eval output of {@code flow}, newest first, read with {@code GET /v1/eval-outputs}. */
    public List<Map<String, Object>> evalOutputs(String flow, int pageSize) {
        return pages("/v1/eval-outputs?name=" + encode(flow), pageSize);
    }

    /** One page of eval outputs of {@code flow}. */
    public List<Map<String, Object>> evalOutputs(String flow, int limit, int offset) {
        return list("/v1/eval-outputs?name=" + encode(flow) + "&limit=" + limit + "&offset=" + offset);
    }

    /**
     * Polls until every run in {@code runs} has an eval output of {@code flow}; the time it took.
     *
     * @throws AssertionError naming how many runs (and a few of them) were still without output at the deadline
     */
    public Duration awaitEvaluated(String flow, Set<String> runs, Duration within) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        Set<String> missing = new HashSet<>(runs);
        while (true) {
            missing.removeAll(evaluatedRuns(flow));
            if (missing.isEmpty()) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(missing.size() + " of " + runs.size() + " runs of flow " + flow
                        + " have no eval output after " + within + ", e.g. " + missing.stream().sorted().limit(5).toList());
            }
            AppProcess.sleep(Duration.ofMillis(500));
        }
    }

    /** Run ids of {@code flow} that have at least one eval output. */
    public Set<String> evaluatedRuns(String flow) {
        Set<String> runs = new HashSet<>();
        for (Map<String, Object> output : evalOutputs(flow, 10_000)) {
            runs.add((String) output.get("run_id"));
        }
        return runs;
    }

    private List<Map<String, Object>> pages(String path, int pageSize) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int offset = 0; ; offset += pageSize) {
            List<Map<String, Object>> page = list(path + "&limit=" + pageSize + "&offset=" + offset);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readValue(response.body(), List.class);
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("X-Api-Key", key)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during GET " + path, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
