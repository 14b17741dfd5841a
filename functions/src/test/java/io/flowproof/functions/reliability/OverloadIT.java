package io.flowproof.functions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.ApiClient;
import io.flowproof.functions.it.AppProcess;
import io.flowproof.functions.it.Apps;
import io.flowproof.functions.it.Batches;
import io.flowproof.functions.reliability.Traffic.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Overload: {@value #CLIENTS} concurrent clients (each its own connection, no pause between requests) hammer batch
 * ingest and reads on an app with the default settings (20 database connections, 64 requests in flight) and the heap
 * of {@code spring-boot:run} ({@code -Xmx256m}). The app must shed the excess at once with 503 + {@code Retry-After}
 * instead of queueing it, keep answering {@code /health} quickly, keep its memory bounded, and store every batch it
 * acknowledged. Reported: accepted/shed counts, latency percentiles, the app's peak RSS ({@code VmHWM}).
 */
class OverloadIT {

    private static final String KEY = "it-key-" + Long.toHexString(System.nanoTime());
    static final int CLIENTS = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Apps apps;

    @BeforeEach
    void createApps(TestInfo test) {
        apps = new Apps("OverloadIT-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void killAppsAndDeleteTheirData() {
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoHundredClientsAreShedWith503AndRetryAfterWhileHealthStaysFastAndMemoryBounded() throws Exception {
        overload(CLIENTS, 150, Duration.ofSeconds(15));
    }

    /** Soak: twice the clients for two minutes. */
    @Test
    @Tag("soak")
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void fourHundredClientsForTwoMinutesStayShedAndBounded() throws Exception {
        overload(400, 300, Duration.ofMinutes(2));
    }

    private void overload(int clients, int writers, Duration load) throws Exception {
        Path dataDir = apps.newDataDir();
        AppProcess app = apps.startWith(dataDir, Map.of("FLOWPROOF_API_KEY", KEY, "JAVA_TOOL_OPTIONS", "-Xmx256m"));
        ApiClient api = new ApiClient(app.baseUri(), KEY);
        long tsBase = System.currentTimeMillis() * 1_000_000L;
        AtomicInteger nextBatch = new AtomicInteger();
        long rssBefore = app.peakRssKib().orElse(-1);

        Traffic traffic = new Traffic();
        long started;
        try (traffic) {
            // /health gets its own client (its own, already open connection), as a load balancer's probe would
            ApiClient probe = new ApiClient(app.baseUri(), KEY);
            traffic.run(1, Duration.ofMillis(200), () -> Traffic.send("health", probe, "GET", "/health", null, Map.of(), TIMEOUT));
            AppProcess.sleep(Duration.ofSeconds(1));
            started = System.nanoTime();
            traffic.run(writers, Duration.ZERO, () -> {
                int batch = nextBatch.getAndIncrement();
                String body = Batches.wholeRuns("overload", "b" + batch, 0, 20, tsBase); // 100 events
                return Traffic.send("ingest", api, "POST", "/v1/events-batch", body, Map.of(), TIMEOUT);
            });
            traffic.run(clients - writers, Duration.ZERO, () -> Traffic.send("read", api, "GET",
                    "/v1/events?flow=overload&limit=100", null, Map.of(), TIMEOUT));
            AppProcess.sleep(load);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        long peakRssMib = app.peakRssKib().orElseThrow() / 1024;

        List<Call> work = traffic.calls(call -> !call.kind().equals("health"));
        long loadStarted = started;
        List<Call> health = traffic.calls(call -> call.kind().equals("health") && call.startedNanos() >= loadStarted);
        Call slowestHealth = health.stream().max(java.util.Comparator.comparingLong(Call::latencyMillis)).orElseThrow();
        List<Call> accepted = traffic.calls(call -> call.ok() && !call.kind().equals("health"));
        List<Call> shed = traffic.calls(call -> call.status() == 503);
        List<Call> other = work.stream().filter(call -> call.status() != 200 && call.status() != 503).toList();
        List<Long> latencies = work.stream().map(Call::latencyMillis).toList();
        List<Long> shedLatencies = shed.stream().map(Call::latencyMillis).toList();
        List<Long> healthLatencies = health.stream().map(Call::latencyMillis).toList();
        long p99 = Reports.percentile(latencies, 99);
        long healthP99 = Reports.percentile(healthLatencies, 99);
        long healthMax = healthLatencies.stream().mapToLong(Long::longValue).max().orElse(0);
        long acceptedBatches = accepted.stream().filter(call -> call.kind().equals("ingest")).count();
        long storedEvents = storedEvents(dataDir, "overload");
        Reports.line("OverloadIT", String.format("%d clients (%d ingest of 100 events, %d reads; no pause between requests) "
                        + "for %d ms, pool 20, in-flight limit 64, -Xmx256m: %d requests, %d accepted (%d batches = %d events "
                        + "stored), %d shed with 503 + Retry-After: 1, %d other; latency p50 %d / p99 %d / max %d ms (shed p99 "
                        + "%d ms); /health %d probes, %d 200, p50 %d / p99 %d / max %d ms (sent %d ms into the load); app peak RSS (VmHWM) %d MiB (%d "
                        + "MiB before the load)",
                clients, writers, clients - writers, elapsedMillis, work.size(), accepted.size(), acceptedBatches,
                storedEvents, shed.size(), other.size(), Reports.percentile(latencies, 50), p99,
                latencies.stream().mapToLong(Long::longValue).max().orElse(0), Reports.percentile(shedLatencies, 99),
                health.size(), health.stream().filter(Call::ok).count(), Reports.percentile(healthLatencies, 50), healthP99,
                healthMax, (slowestHealth.startedNanos() - started) / 1_000_000, peakRssMib, rssBefore / 1024));

        assertThat(other).as("answers other than 200/503 (500s, timeouts, resets)").isEmpty();
        assertThat(shed).as("shed requests").isNotEmpty().allSatisfy(call -> {
            assertThat(call.retryAfter()).isEqualTo("1");
            assertThat(call.jsonDetail()).isTrue();
        });
        assertThat(accepted).as("accepted requests").isNotEmpty();
        assertThat(health).as("/health during the overload").isNotEmpty().allMatch(Call::ok);
        // loose bounds: the load generator shares the 2 cores with the app and its Postgres
        assertThat(p99).as("p99 latency, ms").isLessThan(10_000);
        assertThat(healthP99).as("/health p99, ms").isLessThan(10_000);
        assertThat(peakRssMib).as("peak RSS of the app, MiB").isLessThan(1024);
        assertThat(storedEvents).as("events stored = accepted batches × 100").isEqualTo(acceptedBatches * 100);
    }

    /**
     * Events of {@code flow} in the app's embedded database, counted over JDBC: paging hundreds of thousands of events
     * through {@code GET /v1/events} (offset paging) would take minutes in the soak variant.
     */
    private static long storedEvents(Path dataDir, String flow) throws Exception {
        int port = Integer.parseInt(Files.readString(dataDir.resolve("postgres.port")).strip());
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/flowproof", "postgres", "");
                PreparedStatement count = db.prepareStatement("SELECT count(*) FROM events WHERE flow = ?")) {
            count.setString(1, flow);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
