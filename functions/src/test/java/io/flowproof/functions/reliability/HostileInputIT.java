package io.flowproof.functions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.AppProcess;
import io.flowproof.functions.it.Apps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed and hostile input against the real packaged app (a child JVM with {@code -Xmx256m}, its embedded
 * Postgres): a seeded corpus ({@link HostileBodies}) of {@value #BODIES} bodies for every endpoint that takes one,
 * hostile query strings for the endpoints with parameters and hostile path segments for those with an {@code {id}},
 * sent over real HTTP by {@value #CLIENTS} concurrent clients with a per-request timeout. Every answer must be a 4xx
 * with a JSON error body (or, for a body that happens to be valid, a 2xx with JSON), never a 5xx, never a hang; the
 * app still answers {@code /health} afterwards and its peak RSS stays bounded. Counts per endpoint and the time taken
 * are printed and written to {@code target/reliability/hostile-input.txt}.
 *
 * <p>Sizes come from system properties so the same test is the soak ({@link HostileInputSoakIT}):
 * {@code flowproof.hostile.bodies}, {@code flowproof.hostile.queries}, {@code flowproof.hostile.seed}.
 */
class HostileInputIT {

    static final int BODIES = 10_000;
    static final int QUERIES = 1_000;
    static final int CLIENTS = 8;
    static final String KEY = "hostile-input-key";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    static final long MAX_PEAK_RSS_MIB = 768;
    /** Problems after which an endpoint's run stops early (a dead app would otherwise cost a timeout per request). */
    static final int GIVE_UP_AFTER = 40;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Apps apps = new Apps("hostile-input");

    @AfterEach
    void stopApps() {
        apps.close();
    }

    @Test
    void everyHostileRequestGetsA4xxWithAJsonErrorNeverA5xxOrAHang() throws Exception {
        run(Integer.getInteger("flowproof.hostile.bodies", BODIES), Integer.getInteger("flowproof.hostile.queries", QUERIES),
                Long.getLong("flowproof.hostile.seed", 20261125L));
    }

    void run(int bodies, int queries, long seed) throws Exception {
        AppProcess app = apps.startWith(apps.newDataDir(), Map.of("FLOWPROOF_API_KEY", KEY, "JAVA_TOOL_OPTIONS", "-Xmx256m"));
        HostileBodies corpus = new HostileBodies(seed);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI base = app.baseUri();
        List<Stats> report = new ArrayList<>();
        long started = System.nanoTime();

        // query strings and path segments first, while the tables are small (re-evaluation reads recent outputs)
        for (var query : queryTargets().entrySet()) {
            String[] methodAndPath = query.getKey().split(" ");
            report.add(send(http, query.getKey(), queries, i -> HttpRequest.newBuilder(
                    base.resolve(methodAndPath[1] + "?" + corpus.query(query.getKey(), query.getValue(), i)))
                    .method(methodAndPath[0], HttpRequest.BodyPublishers.noBody()), i -> "query"));
        }
        for (String pathTarget : List.of("PUT /v1/nodes/{id}", "DELETE /v1/nodes/{id}", "GET /v1/ensure-runs/{id}",
                "POST /v1/ensure-runs/{id}/cancel")) {
            String[] methodAndPath = pathTarget.split(" ");
            report.add(send(http, pathTarget, queries, i -> HttpRequest.newBuilder(
                    base.resolve(methodAndPath[1].replace("{id}", corpus.pathSegment(pathTarget, i))))
                    .method(methodAndPath[0], HttpRequest.BodyPublishers.ofString("{\"description\":\"x\"}")), i -> "path"));
        }
        for (HostileBodies.Target target : bodyTargets()) {
            report.add(send(http, target.name(), bodies, i -> {
                HostileBodies.Body body = corpus.body(target, i);
                HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(target.path()))
                        .method(target.method(), HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
                if (!body.contentType().isEmpty()) {
                    request.header("Content-Type", body.contentType());
                }
                return request;
            }, i -> corpus.body(target, i).kind().name()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        long peakRssMib = app.peakRssKib().orElse(0) / 1024;
        String table = table(report, took, peakRssMib, seed);
        System.out.println(table);
        Path out = Path.of(System.getProperty("flowproof.it.logs", "target/it-logs")).resolveSibling("reliability")
                .resolve("hostile-input.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);

        List<String> problems = new ArrayList<>();
        report.forEach(stats -> problems.addAll(stats.problems));
        assertThat(problems).as("requests answered with a 5xx, a non-JSON error, or not at all (timeout); log %s", app.log())
                .isEmpty();
        assertThat(health.statusCode()).as("/health after the corpus").isEqualTo(200);
        assertThat(app.isAlive()).isTrue();
        assertThat(peakRssMib).as("peak RSS of the app (MiB) with -Xmx256m").isLessThan(MAX_PEAK_RSS_MIB);
        assertThat(app.logTail(100_000)).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
        for (Stats stats : report) {
            assertThat(stats.total()).as(stats.endpoint).isEqualTo(stats.planned);
        }
    }

    /** Endpoints with query parameters and the names they read. */
    static Map<String, List<String>> queryTargets() {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put("GET /v1/events", List.of("flow", "node_id", "limit", "offset"));
        targets.put("GET /v1/eval-outputs", List.of("name", "ev_id", "limit", "offset"));
        targets.put("GET /v1/ensure-runs", List.of("flow", "state", "limit", "offset"));
        targets.put("POST /v1/reeval-running-flows", List.of("max_age_seconds"));
        targets.put("POST /v1/flows/validate", List.of("file"));
        return targets;
    }

    /** Every endpoint that takes a body, with a valid body to damage. */
    static List<HostileBodies.Target> bodyTargets() {
        Map<String, Object> validator = Map.of("engine", "cel", "script", "data.amount > 0");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("flow", "hostile");
        item.put("id", "paid");
        item.put("run_id", "r1");
        item.put("type", "assert");
        item.put("data", Map.of("amount", 120, "items", List.of(Map.of("sku", "A1", "qty", 2)), "note", "ok"));
        item.put("ts", 1795547220404334017L);
        item.put("description", "payment");
        item.put("dep_ids", List.of("placed"));
        item.put("validator", validator);
        item.put("filter", Map.of("engine", "python", "script", "data['amount'] > 1"));
        item.put("conditions", List.of(Map.of("timeout_ms", 5000)));
        item.put("additional_meta", Map.of("sdk", "hostile"));
        Map<String, Object> placed = Map.of("flow", "hostile", "id", "placed", "run_id", "r1", "type", "act", "data", Map.of("amount", 120),
                "ts", 1795547220404000000L);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("flow", "hostile_nodes");
        node.put("id", "m1");
        node.put("type", "generic");
        node.put("description", "manual");
        node.put("dep_ids", List.of("a"));
        node.put("filter", Map.of("engine", "js", "script", "data.x > 0"));
        node.put("validator", validator);
        node.put("conditions", List.of(Map.of("timeout_ms", 1000)));
        node.put("additional_meta", Map.of("k", "v"));
        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("version", "1.0");
        scan.put("scanned_at", "2026-11-25T10:00:00Z");
        scan.put("files_scanned", 3);
        scan.put("flows", Map.of("hostile_scan", List.of(Map.of("id", "s1", "flow", "hostile_scan", "type", "act", "dep_ids", List.of(),
                "conditions", List.of(Map.of("timeout_ms", 10)), "source_file", "a.py", "source_line", 3))));
        return List.of(
                new HostileBodies.Target("POST /v1/events-batch", "POST", "/v1/events-batch", List.of(placed, item), false),
                new HostileBodies.Target("POST /v1/run-eval", "POST", "/v1/run-eval",
                        Map.of("run_id", "r1", "flow", "hostile", "start_node_id", "placed"), false),
                new HostileBodies.Target("POST /v1/nodes", "POST", "/v1/nodes", node, false),
                new HostileBodies.Target("PUT /v1/nodes/{id}", "PUT", "/v1/nodes/m1?flow=hostile_nodes",
                        Map.of("description", "changed", "dep_ids", List.of("b"), "validator", validator), false),
                new HostileBodies.Target("POST /v1/nodes/scan", "POST", "/v1/nodes/scan", scan, false),
                new HostileBodies.Target("POST /v1/ensure-runs", "POST", "/v1/ensure-runs",
                        Map.of("flow", "hostile_ensure", "idempotency_key", "k1", "timeout_ms", 1000, "poll_interval_ms", 100), false),
                new HostileBodies.Target("POST /v1/flows/validate", "POST", "/v1/flows/validate", null, true));
    }

    // --- sending and classifying --------------------------------------------------------------------

    private static Stats send(HttpClient http, String endpoint, int count, IntFunction<HttpRequest.Builder> requests,
            IntFunction<String> kindOf) throws InterruptedException {
        Stats stats = new Stats(endpoint, count);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                for (int i = next.getAndIncrement(); i < count && stats.problems.size() < GIVE_UP_AFTER; i = next.getAndIncrement()) {
                    HttpRequest request = requests.apply(i).header("X-Api-Key", KEY).timeout(REQUEST_TIMEOUT).build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        stats.classify(i, kindOf, response);
                    } catch (HttpTimeoutException e) {
                        stats.problem(i, kindOf, "no answer within " + REQUEST_TIMEOUT + " (hang)");
                    } catch (IOException e) {
                        stats.problem(i, kindOf, "connection failed: " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        stats.problem(i, kindOf, "client error: " + e);
                    }
                    stats.slowest.accumulateAndGet(System.nanoTime() - sent, Math::max);
                }
            });
        }
        clients.shutdown();
        if (!clients.awaitTermination(30, TimeUnit.MINUTES)) {
            clients.shutdownNow();
            throw new AssertionError(endpoint + ": the clients did not finish");
        }
        stats.duration = Duration.ofNanos(System.nanoTime() - started);
        return stats;
    }

    /** Counts of one endpoint. */
    static final class Stats {
        final String endpoint;
        final int planned;
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger rejected4xx = new AtomicInteger();
        final AtomicInteger status413 = new AtomicInteger();
        final AtomicInteger refusedInBody = new AtomicInteger();
        final AtomicInteger status5xx = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong slowest = new AtomicLong();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Duration duration;

        Stats(String endpoint, int planned) {
            this.endpoint = endpoint;
            this.planned = planned;
        }

        int total() {
            return accepted.get() + rejected4xx.get() + status5xx.get() + failed.get();
        }

        void classify(int index, IntFunction<String> kindOf, HttpResponse<byte[]> response) {
            int status = response.statusCode();
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (status >= 500) {
                status5xx.incrementAndGet();
                problems.add(describe(index, kindOf, status + " " + abbreviate(body)));
            } else if (status >= 400) {
                rejected4xx.incrementAndGet();
                if (status == 413) {
                    status413.incrementAndGet();
                }
                if (!isJsonError(response, body)) {
                    problems.add(describe(index, kindOf, status + " without a JSON error body: " + abbreviate(body)));
                }
            } else if (status >= 200 && status < 300) {
                accepted.incrementAndGet();
                if (body.startsWith("{\"valid\":false")) {
                    refusedInBody.incrementAndGet(); // POST /v1/flows/validate answers 200 with the problems it found
                }
                if (!isJson(body)) {
                    problems.add(describe(index, kindOf, status + " without a JSON body: " + abbreviate(body)));
                }
            } else {
                failed.incrementAndGet();
                problems.add(describe(index, kindOf, "unexpected status " + status));
            }
        }

        void problem(int index, IntFunction<String> kindOf, String what) {
            failed.incrementAndGet();
            problems.add(describe(index, kindOf, what));
        }

        private String describe(int index, IntFunction<String> kindOf, String what) {
            return endpoint + " #" + index + " (" + kindOf.apply(index) + "): " + what;
        }

        private static boolean isJsonError(HttpResponse<byte[]> response, String body) {
            if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                return false;
            }
            try {
                Object detail = JSON.readValue(body, Map.class).get("detail");
                if (detail instanceof String text) {
                    return !text.isBlank();
                }
                return detail instanceof List<?> items && !items.isEmpty()
                        && items.stream().allMatch(item -> item instanceof Map<?, ?> map && map.get("msg") instanceof String msg
                                && !msg.isBlank() && map.get("loc") instanceof List<?>);
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static boolean isJson(String body) {
            try {
                JSON.readTree(body);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static String abbreviate(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "…";
        }
    }

    private static String table(List<Stats> report, Duration took, long peakRssMib, long seed) {
        StringBuilder out = new StringBuilder("\nHostile input (seed " + seed + ", " + CLIENTS + " clients; 2xx-invalid: "
                + "200 from /v1/flows/validate reporting the problems):\n");
        out.append(String.format("%-36s %8s %8s %13s %8s %6s %6s %8s %9s %9s%n", "endpoint", "sent", "2xx", "2xx-invalid", "4xx", "413",
                "5xx", "no-answer", "seconds", "slowest-ms"));
        int sent = 0;
        int fiveXx = 0;
        for (Stats s : report) {
            out.append(String.format("%-36s %8d %8d %13d %8d %6d %6d %8d %9.1f %9d%n", s.endpoint, s.total(), s.accepted.get(),
                    s.refusedInBody.get(), s.rejected4xx.get(), s.status413.get(), s.status5xx.get(), s.failed.get(), s.duration.toMillis() / 1000.0,
                    s.slowest.get() / 1_000_000));
            sent += s.total();
            fiveXx += s.status5xx.get();
        }
        out.append(String.format("total %d requests in %.1f s, %d 5xx, peak RSS %d MiB%n", sent, took.toMillis() / 1000.0, fiveXx,
                peakRssMib));
        report.forEach(s -> s.problems.stream().limit(10).forEach(p -> out.append("  ").append(p).append('\n')));
        return out.toString();
    }
}
