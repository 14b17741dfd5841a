package io.flowproof.functions.it;

import io.flowproof.testing.app.LeftoverPostgres;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.Load.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Durability of the packaged app, seen only through its HTTP API: the real jar runs as a child process on a
 * temporary data directory (its own embedded Postgres), is stopped cleanly or killed, and is started again.
 * The promise under test is the one the contract makes: a 200 from {@code POST /v1/events-batch} means the
 * whole batch is committed, and every committed run is evaluated, even across a crash.
 *
 * <p>Each test starts its own app(s) on its own temporary data directory; {@link Apps} kills them, stops any
 * Postgres they left and deletes the directory after the test, whatever happened.
 *
 * <p>Timing the tests allow for (observed with these tests, not changed here): the evaluation worker leases the
 * runs it claims for 60 s ({@code EvaluatePending.LEASE}). When the app dies during a pass, those runs are
 * evaluated again only after the lease expires, so after a {@code kill -9} under load the last acknowledged runs
 * get their outputs up to ~60 s after the restart. A clean stop (SIGTERM) in the middle of a pass has the same
 * effect today, because the embedded Postgres is stopped by its own JVM shutdown hook, concurrently with (and
 * usually before) Spring's graceful shutdown, and the worker's pass fails with "database unavailable"; the clean
 * restart test therefore stops an idle app.
 */
class AppDurabilityIT {

    private static final String KEY = "it-key-" + Long.toHexString(System.nanoTime());
    private static final int CLIENTS = 8;

    private Apps apps;

    @BeforeEach
    void createApps(TestInfo test) {
        apps = new Apps(test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void killAppsAndDeleteTheirData() {
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void tenThousandEventsInOneHundredBatchesAreAllStoredAndEvaluated() {
        AppProcess app = apps.start(apps.newDataDir(), KEY);
        ApiClient api = new ApiClient(app.baseUri(), KEY);
        long tsBase = System.currentTimeMillis() * 1_000_000L;
        List<String> bodies = IntStream.range(0, 100)
                .mapToObj(batch -> Batches.wholeRuns("load", "run", batch * 20, 20, tsBase))
                .toList();

        List<Outcome> outcomes = Load.send(api, bodies, CLIENTS, Duration.ofSeconds(60));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.status())
                .as("batch %d (%s)", outcome.batch(), outcome.error()).isEqualTo(200));
        List<Map<String, Object>> events = api.events("load", 1000);
        assertThat(events).hasSize(10_000);
        assertThat(events.stream().map(event -> event.get("id")).collect(toSet())).hasSize(10_000);
        Set<String> expected = new HashSet<>();
        Batches.runIds("run", 2000).forEach(run -> IntStream.rangeClosed(1, Batches.NODES)
                .forEach(node -> expected.add(run + "/n" + node)));
        assertThat(events.stream().map(event -> event.get("run_id") + "/" + event.get("node_id")).collect(toSet()))
                .isEqualTo(expected);

        Duration lag = api.awaitEvaluated("load", Set.copyOf(Batches.runIds("run", 2000)), Duration.ofSeconds(60));

        assertThat(latestStatusByRun(api.evalOutputs("load", 10_000)).values()).hasSize(2000).containsOnly("passed");
        System.out.printf("[it] 10,000 events stored; every run evaluated %d ms after the last 200%n", lag.toMillis());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aCleanRestartKeepsEveryEvent() throws Exception {
        Path dataDir = apps.newDataDir();
        AppProcess first = apps.start(dataDir, null); // no key configured: the app generates one and keeps it
        String key = Files.readString(dataDir.resolve("api-key"), StandardCharsets.UTF_8).strip();
        ApiClient api = new ApiClient(first.baseUri(), key);
        long tsBase = System.currentTimeMillis() * 1_000_000L;
        List<String> bodies = IntStream.range(0, 10)
                .mapToObj(batch -> Batches.wholeRuns("restart", "run", batch * 20, 20, tsBase))
                .toList();
        assertThat(Load.send(api, bodies, CLIENTS, Duration.ofSeconds(30))).allMatch(Outcome::accepted);
        List<Map<String, Object>> before = api.events("restart", 1000);
        assertThat(before).hasSize(1000);
        // Stop an idle app: a SIGTERM during an evaluation pass leaves its runs leased for 60 s (class comment).
        api.awaitEvaluated("restart", Set.copyOf(Batches.runIds("run", 200)), Duration.ofSeconds(60));

        int exitCode = first.terminate();

        assertThat(exitCode).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(LeftoverPostgres.processes(dataDir)).as("Postgres processes left after a clean stop").isEmpty();
        AppProcess second = apps.start(dataDir, null);
        ApiClient again = new ApiClient(second.baseUri(), key);
        assertThat(again.status("/v1/status")).as("the generated key after the restart").isEqualTo(200);
        assertThat(new ApiClient(second.baseUri(), "not-" + key).status("/v1/status")).isEqualTo(403);
        assertThat(again.events("restart", 1000)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(again.evaluatedRuns("restart")).containsExactlyInAnyOrderElementsOf(Batches.runIds("run", 200));
        assertThat(again.postBatch(Batches.wholeRuns("restart", "run", 200, 1, tsBase))).isEqualTo(200);
        again.awaitEvaluated("restart", Set.of(Batches.runId("run", 200)), Duration.ofSeconds(30));
    }

    /**
     * Eight clients send one-run batches (20 events, each with unique data) until the app is killed with
     * SIGKILL in the middle of the load. After a restart on the same data directory: every acknowledged batch is
     * complete, every batch is all or nothing (acknowledged or not), a batch answered 5xx is absent, and every
     * acknowledged run is evaluated. Runs whose evaluation was claimed but not finished when the app died come
     * back only when their lease (60 s) expires, hence the long evaluation deadline.
     */
    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void killMinus9UnderLoadLosesNoAcknowledgedEvent() throws Exception {
        Path dataDir = apps.newDataDir();
        AppProcess app = apps.start(dataDir, KEY);
        ApiClient api = new ApiClient(app.baseUri(), KEY);
        int perNode = 4;
        long tsBase = System.currentTimeMillis() * 1_000_000L;
        Map<String, Integer> statusByRun = new ConcurrentHashMap<>(); // -1: sent, no answer
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long loadStarted = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                for (int seq = 0; !stop.get(); seq++) {
                    String run = "c" + client + "-b" + seq;
                    statusByRun.put(run, -1);
                    String body = Batches.clientRun("crash", run, client, seq, perNode, tsBase + seq * 1_000L);
                    Outcome outcome = Load.sendOne(api, seq, body);
                    statusByRun.put(run, outcome.status());
                    if (outcome.accepted()) {
                        acknowledged.incrementAndGet();
                    }
                }
                return null;
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - loadStarted < Duration.ofMillis(1500).toNanos() || acknowledged.get() < 50) {
            assertThat(System.nanoTime()).as("50 acknowledged batches within 30 s").isLessThan(deadline);
            AppProcess.sleep(Duration.ofMillis(50));
        }

        app.kill();
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(40, TimeUnit.SECONDS)).as("clients stopped").isTrue();
        boolean postgresLeftRunning = LeftoverPostgres.postmaster(dataDir).isPresent();
        long restartStarted = System.nanoTime();
        AppProcess restarted = apps.start(dataDir, KEY);
        long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
        ApiClient after = new ApiClient(restarted.baseUri(), KEY);

        List<Map<String, Object>> all = after.events("crash", 1000);
        assertThat(all.stream().map(event -> event.get("id")).distinct().count()).as("distinct event ids")
                .isEqualTo(all.size());
        Map<String, List<Map<String, Object>>> stored = all.stream()
                .collect(groupingBy(event -> (String) event.get("run_id")));
        assertThat(statusByRun.keySet()).as("runs stored but never sent").containsAll(stored.keySet());
        List<String> acknowledgedRuns = new ArrayList<>();
        int unansweredPresent = 0;
        for (Map.Entry<String, Integer> sent : statusByRun.entrySet()) {
            String run = sent.getKey();
            int status = sent.getValue();
            List<Map<String, Object>> events = stored.getOrDefault(run, List.of());
            assertThat(events.size()).as("events of batch %s (status %d): all or nothing", run, status)
                    .isIn(0, Batches.NODES * perNode);
            if (status == 200) {
                acknowledgedRuns.add(run);
                assertThat(events).as("acknowledged batch %s", run).isNotEmpty();
            } else if (status >= 500) {
                assertThat(events).as("batch %s answered %d must not be stored", run, status).isEmpty();
            } else if (!events.isEmpty()) {
                unansweredPresent++;
            }
            if (!events.isEmpty()) {
                assertThat(eventKeys(events)).as("events of batch %s", run).isEqualTo(expectedKeys(run, perNode));
            }
        }
        Duration evaluated = after.awaitEvaluated("crash", Set.copyOf(acknowledgedRuns), Duration.ofSeconds(100));

        System.out.printf("[it] kill -9 after %d ms of load: %d batches sent, %d acknowledged, %d unanswered (%d of "
                        + "them stored whole), Postgres left running: %s; restart took %d ms; every acknowledged run "
                        + "evaluated %d ms after the restart%n",
                (restartStarted - loadStarted) / 1_000_000, statusByRun.size(), acknowledgedRuns.size(),
                statusByRun.values().stream().filter(s -> s == -1).count(), unansweredPresent, postgresLeftRunning,
                restartMillis, evaluated.toMillis());
    }

    /** node id / client / seq / i of each event, as one comparable string. */
    private static List<String> eventKeys(List<Map<String, Object>> events) {
        return events.stream()
                .map(event -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = (Map<String, Object>) event.get("data");
                    return event.get("node_id") + "/" + data.get("client") + "/" + data.get("seq") + "/" + data.get("i");
                })
                .sorted()
                .toList();
    }

    private static List<String> expectedKeys(String run, int perNode) {
        int client = Integer.parseInt(run.substring(1, run.indexOf('-')));
        int seq = Integer.parseInt(run.substring(run.indexOf("-b") + 2));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < Batches.NODES * perNode; i++) {
            keys.add("n" + (i / perNode + 1) + "/" + client + "/" + seq + "/" + i);
        }
        keys.sort(null);
        return keys;
    }

    /** The newest output's status for each run (outputs come newest first). */
    private static Map<String, String> latestStatusByRun(List<Map<String, Object>> outputs) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (Map<String, Object> output : outputs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) output.get("output");
            latest.putIfAbsent((String) output.get("run_id"), (String) result.get("status"));
        }
        return latest;
    }
}
