package io.flowproof.functions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.ApiClient;
import io.flowproof.functions.it.AppProcess;
import io.flowproof.functions.it.Apps;
import io.flowproof.infra.postgres.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Two app processes on one Postgres (a {@link LocalPostgres} this test owns), both polling every 200 ms: their
 * pollers race for the same ensure runs and the same cron slots.
 *
 * <p>Checked: each of the {@value #RUNS} runs (started half through each app) fired its trigger once (one request
 * per idempotency key at the target, one trigger attempt in its trace) and passed; no step of any run was executed
 * twice (no repeated {@code (step, attempt)} in a trace, the evaluation steps numbered without gaps or repeats); each
 * cron slot of the flow scheduled every minute produced exactly one run and one trigger request. The test waits for a
 * second slot when the next minute starts within 40 s, else it checks the one slot the apps found at start.
 */
class RacingPollersIT {

    static final int RUNS = 60;
    private static final String KEY = "it-key-" + Long.toHexString(System.nanoTime());

    private Apps apps;
    private LocalPostgres postgres;
    private RecordingTarget target;

    @BeforeEach
    void createApps(TestInfo test) {
        apps = new Apps("RacingPollersIT-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopEverything() {
        try {
            if (target != null) {
                target.close();
            }
            if (postgres != null) {
                postgres.close(); // before Apps deletes its directory (the apps' connections are simply terminated)
            }
        } finally {
            if (apps != null) {
                apps.close();
            }
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoAppsAdvanceEachRunOnceAndFireEachCronSlotOnce() throws Exception {
        target = new RecordingTarget(100);
        postgres = LocalPostgres.start(apps.newDataDir());
        Path flows = apps.newDataDir().resolve("flows");
        Ensures.writeFlow(flows, "race", target.url("/race"), 5000, 120_000, null, true);
        Ensures.writeFlow(flows, "tick", target.url("/tick"), 5000, 20_000, "* * * * *", false);
        Map<String, String> env = Map.of("FLOWPROOF_API_KEY", KEY, "FLOWPROOF_FLOWS_DIR", flows.toString(),
                "FLOWPROOF_POLL_INTERVAL_MS", "200",
                "FLOWPROOF_DATABASE_URL", "postgresql://postgres@localhost:" + postgres.port() + "/" + postgres.database());
        Instant firstStart = Instant.now();
        AppProcess a = apps.startWith(apps.newDataDir(), env);
        AppProcess b = apps.startWith(apps.newDataDir(), env);
        ApiClient apiA = new ApiClient(a.baseUri(), KEY);
        ApiClient apiB = new ApiClient(b.baseUri(), KEY);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            ids.add(Ensures.start(i % 2 == 0 ? apiA : apiB, "race", "race-" + i));
        }
        Ensures.postDone(apiA, "race", ids);
        Map<String, Map<String, Object>> finals = Ensures.awaitFinal(apiB, ids, Duration.ofSeconds(120));
        Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        boolean secondSlot = Duration.between(Instant.now(), nextMinute).compareTo(Duration.ofSeconds(40)) < 0;
        if (secondSlot) {
            AppProcess.sleep(Duration.between(Instant.now(), nextMinute).plusSeconds(4));
        }

        assertThat(finals.values()).extracting(run -> run.get("state")).containsOnly("passed");
        int evaluateSteps = 0;
        for (Map<String, Object> run : finals.values()) {
            List<Map<String, Object>> steps = Ensures.steps(run);
            List<String> attempts = steps.stream().map(step -> step.get("step_id") + "#" + step.get("attempt")).toList();
            assertThat(attempts).as("steps of %s (none executed twice)", run.get("id")).doesNotHaveDuplicates();
            assertThat(steps).filteredOn(step -> "start".equals(step.get("step_id"))).as("trigger attempts of %s", run.get("id"))
                    .hasSize(1).allMatch(step -> "ok".equals(step.get("status")));
            List<Integer> evaluations = steps.stream().filter(step -> "evaluate".equals(step.get("step_id")))
                    .map(step -> ((Number) step.get("attempt")).intValue()).sorted().toList();
            evaluateSteps += evaluations.size();
            for (int i = 1; i < evaluations.size(); i++) {
                assertThat(evaluations.get(i)).as("evaluation steps of %s numbered without repeats", run.get("id"))
                        .isGreaterThan(evaluations.get(i - 1));
            }
        }
        Map<String, Long> raceKeys = target.perKey("/race");
        assertThat(raceKeys).as("distinct trigger keys").hasSize(RUNS);
        assertThat(raceKeys.values()).as("requests per key").containsOnly(1L);

        List<Map<String, Object>> tickRuns = Ensures.list(apiA, "tick");
        Map<Object, Long> runsPerSlot = tickRuns.stream()
                .collect(Collectors.groupingBy(run -> run.get("idempotency_key"), Collectors.counting()));
        assertThat(runsPerSlot).as("cron slots fired").isNotEmpty();
        assertThat(runsPerSlot.values()).as("runs per cron slot").containsOnly(1L);
        assertThat(tickRuns).extracting(run -> run.get("origin")).containsOnly("schedule");
        if (secondSlot) {
            assertThat(runsPerSlot).as("slots fired after waiting for the next minute").hasSizeGreaterThanOrEqualTo(2);
        }
        Set<String> tickRunIds = tickRuns.stream().map(run -> (String) run.get("id")).collect(Collectors.toSet());
        Map<String, Long> tickKeys = target.perKey("/tick");
        assertThat(tickKeys.values()).as("trigger requests per cron run").containsOnly(1L);
        Set<String> triggeredTickRuns = new HashSet<>();
        tickKeys.keySet().forEach(key -> triggeredTickRuns.add(key.substring(0, key.indexOf(':'))));
        assertThat(tickRunIds).as("cron runs that fired their trigger").containsAll(triggeredTickRuns);

        Map<String, Long> states = new HashMap<>();
        tickRuns.forEach(run -> states.merge((String) run.get("state"), 1L, Long::sum));
        Reports.line("RacingPollersIT", String.format("2 apps on one Postgres, pollers every 200 ms, %d runs started "
                        + "through both: all passed; target saw %d requests for %d distinct keys (0 duplicates); one trigger "
                        + "attempt per run; %d evaluate steps, none repeated; cron '* * * * *' over %d s: %d slots fired, "
                        + "%d runs (1 per slot, states %s), %d trigger requests (1 per run)",
                RUNS, target.requests("/race").size(), raceKeys.size(), evaluateSteps,
                Duration.between(firstStart, Instant.now()).toSeconds(), runsPerSlot.size(), tickRuns.size(), states,
                tickKeys.values().stream().mapToLong(Long::longValue).sum()));
    }
}
