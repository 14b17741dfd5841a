package io.flowproof.functions.it;

import io.flowproof.testing.app.LeftoverPostgres;
import io.flowproof.testing.app.ProcessCpu;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.it.Load.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ingest throughput of the packaged app, started the way a user starts it (see {@link AppProcess}): 200,000
 * events in batches of 100 (whole runs of a 5-node flow, 40,000 runs) from 8 concurrent clients, after a
 * warm-up. Prints numbers; asserts only correctness (every event stored once, every run evaluated), never timing.
 *
 * <p>Run it (about 2–3 minutes here) with:
 * <pre>
 * ./mvnw -B verify -pl functions -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=IngestThroughputBenchmark -DexcludedGroups= -Dgroups=benchmark
 * </pre>
 * The report is also written to {@code functions/target/it-logs/IngestThroughputBenchmark-report.txt}.
 *
 * <p>The client runs on the same machine as the app and its Postgres, so the three share the CPUs; the report
 * shows how much CPU each of them used.
 */
@Tag("benchmark")
class IngestThroughputBenchmark {

    private static final String KEY = "bench-key";
    private static final int CLIENTS = 8;
    private static final int RUNS_PER_BATCH = 20; // 100 events
    private static final int WARMUP_BATCHES = 200;
    private static final int BATCHES = 2_000;
    private static final int RUNS = BATCHES * RUNS_PER_BATCH;
    private static final int EVENTS = RUNS * Batches.NODES;

    @Test
    void measuresIngestThroughputAndAutoEvaluationLag() throws IOException {
        try (Apps apps = new Apps("IngestThroughputBenchmark")) {
            Path dataDir = apps.newDataDir();
            AppProcess app = apps.start(dataDir, KEY);
            ApiClient api = new ApiClient(app.baseUri(), KEY);
            long tsBase = System.currentTimeMillis() * 1_000_000L;

            List<String> warmup = batches("warmup", WARMUP_BATCHES, tsBase);
            assertThat(Load.send(api, warmup, CLIENTS, Duration.ofMinutes(5))).allMatch(Outcome::accepted);
            api.awaitEvaluated("warmup", Set.copyOf(Batches.runIds("run", WARMUP_BATCHES * RUNS_PER_BATCH)),
                    Duration.ofMinutes(5));

            List<String> bodies = batches("bench", BATCHES, tsBase);
            CpuTimes cpuBefore = CpuTimes.of(app, dataDir);
            long started = System.nanoTime();
            List<Outcome> outcomes = Load.send(api, bodies, CLIENTS, Duration.ofMinutes(10));
            long sentNanos = System.nanoTime() - started;
            CpuTimes cpuIngest = CpuTimes.of(app, dataDir).minus(cpuBefore);
            Instant lastAnswer = outcomes.stream().map(Outcome::answeredAt).max(Instant::compareTo).orElseThrow();

            Map<String, Instant> evaluatedAt = awaitAllEvaluated(api, Duration.ofMinutes(10));
            CpuTimes cpuTotal = CpuTimes.of(app, dataDir).minus(cpuBefore);
            long peakRss = app.peakRssKib().orElse(-1);
            long postgresPss = LeftoverPostgres.processes(dataDir).stream()
                    .mapToLong(pid -> rollupField(pid, "Pss:")).sum();
            int postgresProcesses = LeftoverPostgres.processes(dataDir).size();

            List<Map<String, Object>> stored = api.events("bench", 10_000);
            long distinctIds = stored.stream().map(event -> event.get("id")).distinct().count();

            String report = report(outcomes, sentNanos, lastAnswer, evaluatedAt, stored.size(), distinctIds, peakRss,
                    postgresPss, postgresProcesses, cpuIngest, cpuTotal);
            System.out.println(report);
            Path file = Path.of(System.getProperty("flowproof.it.logs", "target/it-logs"), "IngestThroughputBenchmark-report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report);

            assertThat(outcomes).allMatch(Outcome::accepted);
            assertThat(stored).hasSize(EVENTS);
            assertThat(distinctIds).isEqualTo(EVENTS);
        }
    }

    private static List<String> batches(String flow, int count, long tsBase) {
        return IntStream.range(0, count)
                .mapToObj(batch -> Batches.wholeRuns(flow, "run", batch * RUNS_PER_BATCH, RUNS_PER_BATCH, tsBase))
                .toList();
    }

    /** Waits until every bench run has an output; the creation time of each run's first output. */
    private static Map<String, Instant> awaitAllEvaluated(ApiClient api, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            // cheap probe first: is there an output at position RUNS - 1 at all?
            if (!api.evalOutputs("bench", 1, RUNS - 1).isEmpty()) {
                Map<String, Instant> first = new HashMap<>();
                for (Map<String, Object> output : api.evalOutputs("bench", 10_000)) {
                    Instant created = Instant.parse((String) output.get("created_at"));
                    first.merge((String) output.get("run_id"), created, (a, b) -> a.isBefore(b) ? a : b);
                }
                if (first.size() == RUNS) {
                    return first;
                }
            }
            AppProcess.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("Not every run was evaluated within " + within);
    }

    private static String report(List<Outcome> outcomes, long sentNanos, Instant lastAnswer,
            Map<String, Instant> evaluatedAt, int stored, long distinctIds, long peakRssKib, long postgresPssKib,
            int postgresProcesses, CpuTimes cpuIngest, CpuTimes cpuTotal) {
        long[] latencies = outcomes.stream().mapToLong(Outcome::latencyNanos).sorted().toArray();
        long refused = outcomes.stream().filter(o -> !o.accepted()).count();
        double seconds = sentNanos / 1e9;
        Instant lastEvaluation = evaluatedAt.values().stream().max(Instant::compareTo).orElseThrow();
        Instant firstAnswer = outcomes.stream().map(Outcome::answeredAt).min(Instant::compareTo).orElseThrow();
        Instant firstEvaluation = evaluatedAt.values().stream().min(Instant::compareTo).orElseThrow();
        long[] perRunLag = perRunLagMillis(outcomes, evaluatedAt);

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n=== Flowproof ingest benchmark (%s, %d cores, load avg %s) ===%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage()));
        out.append(String.format(Locale.ROOT, "sent        %,d events in %,d batches of 100 (%,d runs x %d nodes), %d clients%n",
                EVENTS, outcomes.size(), RUNS, Batches.NODES, CLIENTS));
        out.append(String.format(Locale.ROOT, "throughput  %,.0f events/s (%,.0f batches/s) over %.2f s%n",
                EVENTS / seconds, outcomes.size() / seconds, seconds));
        out.append(String.format(Locale.ROOT, "latency     p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies[latencies.length - 1] / 1e6));
        out.append(String.format(Locale.ROOT, "refused     %d batches (non-2xx or no answer)%n", refused));
        out.append(String.format(Locale.ROOT, "stored      %,d of %,d sent events (%,d distinct ids)%n", stored, EVENTS, distinctIds));
        out.append(String.format(Locale.ROOT, "eval lag    every run evaluated %,d ms after the last 200; per run (output created - batch answered): "
                        + "p50 %,d ms, p95 %,d ms, max %,d ms%n",
                Duration.between(lastAnswer, lastEvaluation).toMillis(), perRunLag[perRunLag.length / 2],
                perRunLag[(int) (perRunLag.length * 0.95)], perRunLag[perRunLag.length - 1]));
        out.append(String.format(Locale.ROOT, "eval rate   %,d runs in %.1f s = %,.0f runs/s (first to last output; ingest took %.1f s)%n",
                evaluatedAt.size(), Duration.between(firstEvaluation, lastEvaluation).toMillis() / 1e3,
                evaluatedAt.size() / Math.max(0.001, Duration.between(firstEvaluation, lastEvaluation).toMillis() / 1e3),
                Duration.between(firstAnswer, lastAnswer).toMillis() / 1e3));
        out.append(backlog(outcomes, evaluatedAt, firstAnswer, lastEvaluation));
        out.append(String.format(Locale.ROOT, "memory      app JVM peak RSS (VmHWM) %,d MiB; Postgres %d processes, PSS %,d MiB%n",
                peakRssKib / 1024, postgresProcesses, postgresPssKib / 1024));
        out.append(String.format(Locale.ROOT, "cpu ingest  app %.1f s, Postgres %.1f s, client JVM %.1f s (wall %.1f s)%n",
                cpuIngest.app(), cpuIngest.postgres(), cpuIngest.client(), seconds));
        out.append(String.format(Locale.ROOT, "cpu total   app %.1f s, Postgres %.1f s, client JVM %.1f s (until every run was evaluated)%n",
                cpuTotal.app(), cpuTotal.postgres(), cpuTotal.client()));
        return out.toString();
    }

    /** Runs answered but not yet evaluated, sampled every second from the first answer on. */
    private static String backlog(List<Outcome> outcomes, Map<String, Instant> evaluatedAt, Instant from, Instant to) {
        List<Instant> answered = new ArrayList<>();
        outcomes.forEach(o -> IntStream.range(0, RUNS_PER_BATCH).forEach(i -> answered.add(o.answeredAt())));
        Instant[] answers = answered.stream().sorted().toArray(Instant[]::new);
        Instant[] evaluations = evaluatedAt.values().stream().sorted().toArray(Instant[]::new);
        StringBuilder line = new StringBuilder("backlog     runs answered but not yet evaluated, per second:");
        long seconds = Duration.between(from, to).toSeconds() + 1;
        long step = Math.max(1, seconds / 40);
        for (long s = 0; s <= seconds; s += step) {
            Instant at = from.plusSeconds(s);
            line.append(' ').append(count(answers, at) - count(evaluations, at));
        }
        return line.append(String.format(Locale.ROOT, "  (every %d s)%n", step)).toString();
    }

    private static int count(Instant[] sorted, Instant atOrBefore) {
        int index = Arrays.binarySearch(sorted, atOrBefore);
        if (index < 0) {
            return -index - 1;
        }
        while (index + 1 < sorted.length && !sorted[index + 1].isAfter(atOrBefore)) {
            index++;
        }
        return index + 1;
    }

    private static long[] perRunLagMillis(List<Outcome> outcomes, Map<String, Instant> evaluatedAt) {
        long[] lags = new long[RUNS];
        int n = 0;
        for (Outcome outcome : outcomes) {
            for (int run = outcome.batch() * RUNS_PER_BATCH; run < (outcome.batch() + 1) * RUNS_PER_BATCH; run++) {
                lags[n++] = Duration.between(outcome.answeredAt(), evaluatedAt.get(Batches.runId("run", run))).toMillis();
            }
        }
        Arrays.sort(lags);
        return lags;
    }

    private static double percentile(long[] sortedNanos, int p) {
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static long rollupField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return 0;
    }

    /** CPU seconds (user + system) used so far by the app's JVM, its Postgres processes and this JVM. */
    private record CpuTimes(double app, double postgres, double client) {

        static CpuTimes of(AppProcess app, Path dataDir) {
            return new CpuTimes(ProcessCpu.seconds(app.pid()), ProcessCpu.postgresSeconds(dataDir),
                    ProcessCpu.seconds(ProcessHandle.current().pid()));
        }

        CpuTimes minus(CpuTimes before) {
            return new CpuTimes(app - before.app, postgres - before.postgres, client - before.client);
        }
    }
}
