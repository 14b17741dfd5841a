package io.flowproof.functions.reliability;

import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.ApiClient;
import io.flowproof.functions.it.AppProcess;
import io.flowproof.functions.it.Apps;
import io.flowproof.functions.reliability.KeyedBatch.Sent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Crash during ingest, with the client side a careful SDK would implement: every batch carries an
 * {@code Idempotency-Key}, and every batch not acknowledged is resent with the same key after the crash.
 *
 * <p>Builds on {@code AppDurabilityIT.killMinus9UnderLoadLosesNoAcknowledgedEvent} (same load shape: 8 clients,
 * one-run batches of 20 unique events, SIGKILL after at least 1.5 s and 50 acknowledged batches), which proves that
 * acknowledged batches survive and batches are all-or-nothing. This test closes the remaining gap: a batch that was
 * committed but whose 200 never reached the client (the kill fell between commit and answer) is not stored twice when
 * the client retries it. After the restart every unacknowledged batch, and every acknowledged one, is sent again with
 * its key; then each batch is present exactly once, the event count equals batches × 20, and the resends of already
 * stored batches were answered as replays.
 */
class IngestCrashIT {

    private static final String KEY = "it-key-" + Long.toHexString(System.nanoTime());
    private static final int CLIENTS = 8;
    private static final int PER_NODE = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Apps apps;

    @BeforeEach
    void createApps(TestInfo test) {
        apps = new Apps("IngestCrashIT-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void killAppsAndDeleteTheirData() {
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void resendingEveryUnacknowledgedBatchWithItsKeyAfterKillMinus9StoresEachBatchExactlyOnce() throws Exception {
        crashAndResend(1);
    }

    /** Soak: five kill/restart/resend cycles on one data directory, everything checked at the end. */
    @Test
    @Tag("soak")
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void fiveKillCyclesStoreEachBatchExactlyOnce() throws Exception {
        crashAndResend(5);
    }

    private void crashAndResend(int cycles) throws Exception {
        Path dataDir = apps.newDataDir();
        AppProcess app = apps.start(dataDir, KEY);
        long tsBase = System.currentTimeMillis() * 1_000_000L;
        Map<String, KeyedBatch> batches = new ConcurrentHashMap<>();
        int[] nextSeq = new int[CLIENTS];
        int acknowledgedTotal = 0;
        int unacknowledgedTotal = 0;
        int resentStored = 0;
        int resentReplayed = 0;
        long fiveHundreds = 0;
        List<String> cycleFigures = new ArrayList<>();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            ApiClient api = new ApiClient(app.baseUri(), KEY);
            Map<String, Sent> firstAttempt = new ConcurrentHashMap<>();
            List<KeyedBatch> thisCycle = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long loadStarted = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    while (!stop.get()) {
                        KeyedBatch batch = KeyedBatch.of("crash_keyed", client, nextSeq[client]++, PER_NODE, tsBase);
                        batches.put(batch.run(), batch);
                        thisCycle.add(batch);
                        Sent sent = batch.send(api, TIMEOUT);
                        firstAttempt.put(batch.run(), sent);
                        if (sent.acknowledged()) {
                            acknowledged.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - loadStarted < Duration.ofMillis(1500).toNanos() || acknowledged.get() < 50) {
                assertThat(System.nanoTime()).as("50 acknowledged batches within 60 s").isLessThan(deadline);
                AppProcess.sleep(Duration.ofMillis(50));
            }

            stop.set(true); // no new batches: the ones in flight now are the ones the kill interrupts
            app.kill();
            long killedAfterMillis = (System.nanoTime() - loadStarted) / 1_000_000;
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("clients stopped").isTrue();
            List<KeyedBatch> unacknowledged = new ArrayList<>();
            List<KeyedBatch> acknowledgedBatches = new ArrayList<>();
            for (KeyedBatch batch : thisCycle) {
                Sent sent = firstAttempt.get(batch.run());
                (sent != null && sent.acknowledged() ? acknowledgedBatches : unacknowledged).add(batch);
            }
            fiveHundreds += firstAttempt.values().stream().filter(sent -> sent.status() >= 500).count();
            long restartStarted = System.nanoTime();
            app = apps.start(dataDir, KEY);
            long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
            ApiClient after = new ApiClient(app.baseUri(), KEY);

            int stored = 0;
            int replayed = 0;
            for (KeyedBatch batch : unacknowledged) {
                Sent resent = batch.send(after, TIMEOUT);
                assertThat(resent.status()).as("resend of unacknowledged batch %s: %s", batch.run(), resent.body()).isEqualTo(200);
                if (resent.replayed()) {
                    replayed++;
                } else {
                    stored++;
                }
            }
            for (KeyedBatch batch : acknowledgedBatches) {
                Sent resent = batch.send(after, TIMEOUT);
                assertThat(resent.status()).as("resend of acknowledged batch %s", batch.run()).isEqualTo(200);
                assertThat(resent.replayed()).as("resend of acknowledged batch %s is a replay", batch.run()).isTrue();
            }
            acknowledgedTotal += acknowledgedBatches.size();
            unacknowledgedTotal += unacknowledged.size();
            resentStored += stored;
            resentReplayed += replayed;
            cycleFigures.add(String.format("kill after %d ms, %d acknowledged, %d in flight (%d replayed on resend), "
                    + "restart %d ms", killedAfterMillis, acknowledgedBatches.size(), unacknowledged.size(), replayed,
                    restartMillis));
        }

        ApiClient api = new ApiClient(app.baseUri(), KEY);
        List<Map<String, Object>> all = api.events("crash_keyed", 5000);
        assertThat(all.stream().map(event -> event.get("id")).distinct().count()).as("distinct event ids").isEqualTo(all.size());
        Map<String, List<Map<String, Object>>> stored = all.stream().collect(groupingBy(event -> (String) event.get("run_id")));
        assertThat(batches.keySet()).as("batches stored but never sent").containsAll(stored.keySet());
        for (KeyedBatch batch : batches.values()) {
            assertThat(KeyedBatch.storedKeys(stored.getOrDefault(batch.run(), List.of())))
                    .as("events of batch %s: exactly once, complete", batch.run()).isEqualTo(batch.expectedKeys());
        }
        int expectedEvents = batches.values().stream().mapToInt(KeyedBatch::events).sum();
        assertThat(all).as("events stored").hasSize(expectedEvents);

        Reports.line("IngestCrashIT", String.format("8 clients, %d kill -9 cycle(s) [%s]: %d batches sent (%d events), %d "
                        + "acknowledged before a kill, %d unacknowledged (%d answered 5xx); resent with their keys: %d stored "
                        + "now, %d replayed (committed before the kill, answer lost); events expected %d, found %d, duplicates "
                        + "0; every acknowledged batch resent once more: all replayed",
                cycles, String.join("; ", cycleFigures), batches.size(), expectedEvents, acknowledgedTotal,
                unacknowledgedTotal, fiveHundreds, resentStored, resentReplayed, expectedEvents, all.size()));
    }
}
