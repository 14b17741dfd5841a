package io.flowproof.functions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.ApiClient;
import io.flowproof.functions.it.AppProcess;
import io.flowproof.functions.it.Apps;
import io.flowproof.functions.reliability.RecordingTarget.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Ensure durability with a real kill: {@value #RUNS} ensure runs whose HTTP trigger calls a local
 * {@link RecordingTarget} that takes 1.5 s to answer; the app is killed with SIGKILL while triggers are in flight and
 * started again on the same data directory.
 *
 * <p>The guarantee, precisely: a trigger step is <b>completed at most once</b> (its {@code ok} attempt is persisted
 * once) and <b>attempted at least once</b>. A request in flight when the app dies (sent, its outcome not yet
 * persisted) is sent again after the run's lease expires (trigger timeout + 30 s), as attempt n+1 with the <b>same</b>
 * {@code Idempotency-Key}; that includes a request the target had already answered when the app died before
 * persisting the answer. So the side effect happens once per key given an idempotent receiver, which the target is.
 * The test counts requests and distinct keys honestly and checks: every run passes; the target saw exactly
 * {@value #RUNS} distinct keys; no key was sent more than twice; every key sent twice had its first request arrive
 * before the kill; each run's trace holds exactly one {@code ok} attempt of its trigger.
 */
class EnsureKillIT {

    static final int RUNS = 100;
    private static final String KEY = "it-key-" + Long.toHexString(System.nanoTime());

    private Apps apps;
    private RecordingTarget target;

    @BeforeEach
    void createApps(TestInfo test) {
        apps = new Apps("EnsureKillIT-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopEverything() {
        try {
            if (target != null) {
                target.close();
            }
        } finally {
            if (apps != null) {
                apps.close();
            }
        }
    }

    @Test
    @Timeout(value = 280, unit = TimeUnit.SECONDS)
    void everyRunFinishesAfterKillMinus9AndEachTriggerKeyHasOneSideEffect() throws Exception {
        killMidStep(RUNS, 1);
    }

    /** Soak: 500 runs, the app killed three times while triggers are in flight. */
    @Test
    @Tag("soak")
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void fiveHundredRunsSurviveThreeKills() throws Exception {
        killMidStep(500, 3);
    }

    private void killMidStep(int runs, int kills) throws Exception {
        target = new RecordingTarget(1500);
        Path dataDir = apps.newDataDir();
        Path flows = dataDir.resolve("flows");
        Ensures.writeFlow(flows, "kill", target.url("/kill"), 5000, 240_000, null, true);
        Map<String, String> env = Map.of("FLOWPROOF_API_KEY", KEY, "FLOWPROOF_FLOWS_DIR", flows.toString(),
                "FLOWPROOF_POLL_INTERVAL_MS", "200");
        AppProcess app = apps.startWith(dataDir, env);
        ApiClient api = new ApiClient(app.baseUri(), KEY);

        // A start fires the run's trigger inline (and answers when it is done), so runs are started by 20 client
        // threads; a start cut off by a kill is simply repeated with its idempotency key after the restart.
        Map<Integer, String> started = new ConcurrentHashMap<>();
        ExecutorService starters = startMissing(api, runs, started);
        List<Long> killTimes = new ArrayList<>();
        int arrivedAtKill = 0;
        int answeredAtKill = 0;
        AppProcess current = app;
        long up = 0;
        for (int kill = 1; kill <= kills; kill++) {
            int before = target.arrived();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (target.arrived() < before + 30 || target.arrived() - target.requests().size() < 5) {
                assertThat(System.nanoTime()).as("30 more trigger requests, 5 in flight, within 90 s").isLessThan(deadline);
                AppProcess.sleep(Duration.ofMillis(20));
            }
            arrivedAtKill = target.arrived();
            answeredAtKill = target.requests().size();
            current.kill();
            killTimes.add(System.nanoTime());
            starters.shutdown();
            assertThat(starters.awaitTermination(60, TimeUnit.SECONDS)).as("start clients stopped").isTrue();
            if (kill == kills) {
                target.delayMillis = 50;
            }
            current = apps.startWith(dataDir, env);
            up = System.nanoTime();
            starters = startMissing(new ApiClient(current.baseUri(), KEY), runs, started);
        }
        starters.shutdown();
        assertThat(starters.awaitTermination(120, TimeUnit.SECONDS)).as("every run started").isTrue();
        assertThat(started).as("runs started").hasSize(runs);
        List<String> ids = List.copyOf(started.values());
        long killed = killTimes.get(killTimes.size() - 1);
        ApiClient after = new ApiClient(current.baseUri(), KEY);
        Ensures.postDone(after, "kill", ids);
        Map<String, Map<String, Object>> finals = Ensures.awaitFinal(after, ids, Duration.ofSeconds(150 + runs / 2));
        long allFinalMillis = (System.nanoTime() - up) / 1_000_000;

        assertThat(finals.values()).as("final states").extracting(run -> run.get("state")).containsOnly("passed");
        for (Map<String, Object> run : finals.values()) {
            List<Map<String, Object>> triggers = Ensures.steps(run).stream()
                    .filter(step -> "start".equals(step.get("step_id"))).toList();
            assertThat(triggers).as("trigger attempts of %s", run.get("id"))
                    .filteredOn(step -> "ok".equals(step.get("status"))).hasSize(1);
        }
        List<Request> requests = target.requests("/kill");
        Map<String, Long> perKey = target.perKey("/kill");
        assertThat(perKey).as("distinct idempotency keys").hasSize(runs);
        assertThat(perKey.keySet()).allMatch(key -> ids.contains(key.substring(0, key.indexOf(':'))));
        assertThat(perKey.values()).as("requests per key").allMatch(n -> n <= 1 + kills);
        List<String> resent = perKey.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        int resentAfterAnswer = 0;
        for (String key : resent) {
            List<Request> ofKey = requests.stream().filter(r -> r.key().equals(key))
                    .sorted(java.util.Comparator.comparingLong(Request::receivedNanos)).toList();
            for (int i = 0; i + 1 < ofKey.size(); i++) {
                long earlier = ofKey.get(i).receivedNanos();
                long later = ofKey.get(i + 1).receivedNanos();
                assertThat(killTimes).as("a kill between requests %d and %d of re-sent key %s", i + 1, i + 2, key)
                        .anyMatch(k -> earlier < k && k < later);
            }
            if (ofKey.get(0).answered() && ofKey.get(0).answeredNanos() < killed) {
                resentAfterAnswer++;
            }
        }
        assertThat(target.sideEffects()).as("side effects (keys processed by the idempotent target)").isEqualTo(runs);

        Reports.line("EnsureKillIT", String.format("%d ensure runs, target answers after 1.5 s, %d kill -9, the last with %d "
                        + "trigger requests arrived (%d answered); after the restart all %d runs passed, the last %d ms after the app "
                        + "was up (leases of interrupted triggers: timeout 5 s + 30 s); target: %d requests, %d distinct keys, "
                        + "%d keys sent more than once (each repeat after a kill, with the same key; %d of them had been "
                        + "answered before the last kill); side effects %d; one ok trigger attempt per run",
                runs, kills, arrivedAtKill, answeredAtKill, runs, allFinalMillis, requests.size(), perKey.size(), resent.size(),
                resentAfterAnswer, target.sideEffects()));
    }

    /** Starts (or, for a key started before, finds) every run not known yet, from 20 threads; ends when done. */
    private static ExecutorService startMissing(ApiClient api, int runs, Map<Integer, String> started) {
        ExecutorService starters = Executors.newFixedThreadPool(20);
        for (int i = 0; i < runs; i++) {
            int run = i;
            if (!started.containsKey(run)) {
                starters.submit(() -> {
                    try {
                        started.put(run, Ensures.start(api, "kill", "kill-" + run));
                    } catch (Exception | AssertionError e) {
                        // the app was killed during this start; it is repeated with the same key after the restart
                    }
                });
            }
        }
        return starters;
    }
}
