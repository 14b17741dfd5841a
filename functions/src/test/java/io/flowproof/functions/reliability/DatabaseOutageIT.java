package io.flowproof.functions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.ApiClient;
import io.flowproof.functions.it.AppProcess;
import io.flowproof.functions.it.Apps;
import io.flowproof.functions.reliability.KeyedBatch.Sent;
import io.flowproof.functions.reliability.Traffic.Call;
import io.flowproof.infra.postgres.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Database outage: the app runs against a Postgres this test owns ({@code FLOWPROOF_DATABASE_URL} to a
 * {@link LocalPostgres} cluster), which is stopped ({@code pg_ctl stop -m fast}) in the middle of ingest and read
 * load and started again on the same port after a few seconds, without touching the app.
 *
 * <p>Measured and checked: every answer is a 200 or a 503 (no 500, no hang: the HTTP timeout is 30 s); every 503
 * has a JSON {@code {"detail":...}} body and {@code Retry-After}; requests started while Postgres is down are answered
 * within a few seconds (asserted loosely, the figure is reported); {@code /health} keeps answering 200 (it is a
 * liveness check and does not touch the database); after Postgres is back the app serves 2xx again without a
 * restart (the recovery time is the first 2xx answer after the restart returned); and no acknowledged batch is lost:
 * every one is stored, and after resending the unacknowledged ones with their keys each batch is stored exactly once.
 */
class DatabaseOutageIT {

    private static final String KEY = "it-key-" + Long.toHexString(System.nanoTime());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    private Apps apps;
    private LocalPostgres postgres;

    @BeforeEach
    void createApps(TestInfo test) {
        apps = new Apps("DatabaseOutageIT-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopEverything() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            if (apps != null) {
                apps.close();
            }
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void ingestAndReadsAnswer503WithRetryAfterWhilePostgresIsDownAndRecoverWithoutARestart() throws Exception {
        outages(1, OUTAGE);
    }

    /** Soak: ten outages of 20 s each under the same load, one app process throughout. */
    @Test
    @Tag("soak")
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void tenLongOutagesInARowLoseNothing() throws Exception {
        outages(10, Duration.ofSeconds(20));
    }

    /** One outage window, in {@link System#nanoTime()}: stopped, restart begun, restart done. */
    private record Window(long down, long restarting, long up) {}

    private void outages(int count, Duration outage) throws Exception {
        Path pgDir = apps.newDataDir();
        postgres = LocalPostgres.start(pgDir);
        int port = postgres.port();
        AppProcess app = apps.startWith(apps.newDataDir(), Map.of(
                "FLOWPROOF_API_KEY", KEY,
                "FLOWPROOF_DATABASE_URL", "postgresql://postgres@localhost:" + port + "/" + postgres.database()));
        ApiClient api = new ApiClient(app.baseUri(), KEY);
        long tsBase = System.currentTimeMillis() * 1_000_000L;
        Map<String, KeyedBatch> batches = new ConcurrentHashMap<>();
        Set<String> acknowledgedRuns = ConcurrentHashMap.newKeySet();
        Queue<Sent> attempts = new ConcurrentLinkedQueue<>();

        Traffic traffic = new Traffic();
        List<Window> windows = new ArrayList<>();
        try (traffic) {
            // a careful client: retries the same batch with the same key until it is acknowledged (pausing 100 ms
            // after a failure instead of the full Retry-After, to probe the outage closely), then sends the next one
            traffic.run(3, Duration.ZERO, client -> new Traffic.Request() {
                private int seq;
                private KeyedBatch current;

                @Override
                public Call call() throws InterruptedException {
                    if (current == null) {
                        current = KeyedBatch.of("outage", client, seq++, 2, tsBase);
                        batches.put(current.run(), current);
                    }
                    Sent sent = current.send(api, TIMEOUT);
                    attempts.add(sent);
                    if (sent.acknowledged()) {
                        acknowledgedRuns.add(current.run());
                        current = null;
                    } else {
                        Thread.sleep(100);
                    }
                    return new Call("ingest", sent.status(), sent.retryAfter(), sent.body().startsWith("{\"detail\""),
                            sent.startedNanos(), sent.answeredNanos(), sent.status() < 0 ? sent.body() : null);
                }
            });
            traffic.run(2, Duration.ZERO, () -> Traffic.send("read", api, "GET", "/v1/events?flow=outage&limit=20", null,
                    Map.of(), TIMEOUT));
            traffic.run(1, Duration.ofMillis(100), () -> Traffic.send("health", api, "GET", "/health", null, Map.of(), TIMEOUT));
            traffic.await(call -> call.kind().equals("ingest") && call.ok(), 20, Duration.ofSeconds(60));
            AppProcess.sleep(Duration.ofMillis(500));

            for (int i = 0; i < count; i++) {
                postgres.close(); // pg_ctl stop -m fast: sessions are terminated, new connections refused
                long down = System.nanoTime();
                AppProcess.sleep(outage);
                long restarting = System.nanoTime();
                postgres = LocalPostgres.start(pgDir);
                long up = System.nanoTime();
                windows.add(new Window(down, restarting, up));
                assertThat(postgres.port()).as("Postgres back on the same port").isEqualTo(port);
                traffic.await(call -> call.ok() && call.startedNanos() >= up && call.kind().equals("ingest"), 3, Duration.ofSeconds(60));
                traffic.await(call -> call.ok() && call.startedNanos() >= up && call.kind().equals("read"), 3, Duration.ofSeconds(60));
                AppProcess.sleep(Duration.ofSeconds(count > 1 ? 5 : 0));
            }
        }

        List<Call> calls = traffic.calls();
        assertThat(calls).as("answers other than 200/503 (500s, timeouts)")
                .filteredOn(call -> call.status() != 200 && call.status() != 503).isEmpty();
        List<Call> unavailable = traffic.calls(call -> call.status() == 503);
        assertThat(unavailable).as("503s").isNotEmpty()
                .allSatisfy(call -> {
                    assertThat(call.retryAfter()).as("Retry-After of a 503").isNotBlank();
                    assertThat(call.jsonDetail()).as("JSON body of a 503").isTrue();
                });
        Predicate<Call> duringOutage = call -> windows.stream()
                .anyMatch(w -> call.startedNanos() >= w.down() && call.answeredNanos() <= w.restarting());
        List<Call> ingestDown = traffic.calls(duringOutage.and(call -> call.kind().equals("ingest")));
        List<Call> readDown = traffic.calls(duringOutage.and(call -> call.kind().equals("read")));
        List<Call> healthDown = traffic.calls(duringOutage.and(call -> call.kind().equals("health")));
        assertThat(ingestDown).as("ingest while Postgres is down").isNotEmpty().allMatch(call -> call.status() == 503);
        assertThat(readDown).as("reads while Postgres is down").isNotEmpty().allMatch(call -> call.status() == 503);
        assertThat(healthDown).as("/health while Postgres is down").isNotEmpty().allMatch(call -> call.status() == 200);
        long slowestDown = traffic.calls(call -> windows.stream()
                        .anyMatch(w -> call.startedNanos() >= w.down() && call.startedNanos() < w.restarting()))
                .stream().mapToLong(Call::latencyMillis).max().orElse(0);
        assertThat(slowestDown).as("slowest answer to a request started while Postgres was down, ms").isLessThan(10_000);
        long ingestRecovery = 0;
        long readRecovery = 0;
        for (Window window : windows) {
            ingestRecovery = Math.max(ingestRecovery, firstOkAfter(calls, "ingest", window.up()));
            readRecovery = Math.max(readRecovery, firstOkAfter(calls, "read", window.up()));
        }
        assertThat(Math.max(ingestRecovery, readRecovery)).as("recovery, ms").isLessThan(30_000);

        List<KeyedBatch> unacknowledged = batches.values().stream()
                .filter(batch -> !acknowledgedRuns.contains(batch.run())).toList();
        int acknowledged = acknowledgedRuns.size();
        long retriesReplayed = attempts.stream().filter(Sent::replayed).count();
        List<Map<String, Object>> before = api.events("outage", 5000);
        Map<String, List<Map<String, Object>>> storedBefore = before.stream()
                .collect(Collectors.groupingBy(event -> (String) event.get("run_id")));
        for (KeyedBatch batch : batches.values()) {
            List<String> stored = KeyedBatch.storedKeys(storedBefore.getOrDefault(batch.run(), List.of()));
            if (acknowledgedRuns.contains(batch.run())) {
                assertThat(stored).as("acknowledged batch %s", batch.run()).isEqualTo(batch.expectedKeys());
            } else {
                assertThat(stored).as("unacknowledged batch %s: all or nothing", batch.run()).isIn(List.of(), batch.expectedKeys());
            }
        }
        int replayed = 0;
        for (KeyedBatch batch : unacknowledged) {
            Sent resent = batch.send(api, TIMEOUT);
            assertThat(resent.status()).as("resend of %s", batch.run()).isEqualTo(200);
            replayed += resent.replayed() ? 1 : 0;
        }
        List<Map<String, Object>> after = api.events("outage", 5000);
        int expected = batches.values().stream().mapToInt(KeyedBatch::events).sum();
        assertThat(after).as("events after resending").hasSize(expected);
        assertThat(after.stream().map(event -> event.get("id")).distinct().count()).isEqualTo(expected);

        long count503 = unavailable.size();
        Reports.line("DatabaseOutageIT", String.format("3 ingest + 2 read clients + /health prober; Postgres stopped "
                        + "(fast) %d time(s) for %d ms: %d calls, %d answered 503 (all with Retry-After and a JSON body), 0 other 5xx, 0 "
                        + "timeouts; slowest answer to a request started during the outage %d ms; /health %d/%d 200 during "
                        + "the outage; recovery after Postgres was back (slowest of the outages): ingest %d ms, reads %d ms; %d batches, each retried "
                        + "with its key until acknowledged: %d acknowledged (all found), %d retries answered as replays "
                        + "(committed, 503 answered), %d left unacknowledged and resent at the end (%d replays); events "
                        + "expected %d, found %d",
                count, outage.toMillis(), calls.size(), count503, slowestDown,
                healthDown.stream().filter(Call::ok).count(), healthDown.size(), ingestRecovery, readRecovery,
                batches.size(), acknowledged, retriesReplayed, unacknowledged.size(), replayed, expected, after.size()));
    }

    /** Milliseconds from {@code since} to the first 2xx answer of a {@code kind} request started after it. */
    private static long firstOkAfter(List<Call> calls, String kind, long since) {
        return calls.stream()
                .filter(call -> call.kind().equals(kind) && call.ok() && call.startedNanos() >= since)
                .mapToLong(call -> (call.answeredNanos() - since) / 1_000_000)
                .min().orElseThrow();
    }
}
