package io.flowproof.bench;

import io.flowproof.testing.app.TestFiles;
import io.flowproof.bench.jmh.EvaluatorBenchmark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The one-command benchmark (docs/performance.md): starts the packaged app with a temporary data directory, runs
 * every measurement of issue #7 in one go, prints a table and writes {@code bench-summary.json} next to this jar.
 *
 * <pre>
 * ./mvnw -B -q package -DskipTests &amp;&amp; java -jar bench/target/bench.jar [--quick] [--app-jvm="-Xmx256m"]
 * </pre>
 * In {@code --app-jvm}, {@code {name}} becomes the start's name ({@code app-1}, {@code app-2}), e.g.
 * {@code -XX:StartFlightRecording=filename=/tmp/{name}.jfr} to profile each start separately.
 */
public final class Bench {

    static final String KEY = "bench-key";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Results results = new Results();
        results.context("started", Instant.now().toString());
        results.context("machine", Runtime.getRuntime().availableProcessors() + " cores, load avg " + loadAverage());
        results.context("app jar", settings.appJar().toString());
        results.context("app jvm", String.join(" ", settings.appJvm()));
        results.context("ingest", String.format(Locale.ROOT, "%,d events, batches of %d, %d clients, %d-node flow",
                settings.batches() * settings.runsPerBatch() * IngestBench.NODES, settings.runsPerBatch() * IngestBench.NODES,
                settings.clients(), IngestBench.NODES));
        Path dataDir = Files.createTempDirectory("flowproof-bench-");
        Path logs = settings.outDir().resolve("bench-logs");
        try {
            measureApp(settings, dataDir, logs, results);
        } finally {
            TestFiles.deleteRecursively(dataDir);
        }
        log("expression engines (in-process, time-boxed loops)");
        for (ExpressionsBench.Measured m : ExpressionsBench.run(settings.quick() ? 200_000_000L : 1_000_000_000L,
                settings.quick() ? 300_000_000L : 2_000_000_000L)) {
            results.add("expressions", m.expr().engine().wireName() + ": " + m.expr().script(), m.perSecond(), "evals/s");
        }
        log("evaluator alone (JMH)");
        evaluatorJmh(settings, results);
        results.context("finished", Instant.now().toString() + ", load avg " + loadAverage());

        System.out.println();
        System.out.println(results.table());
        Path json = settings.outDir().resolve("bench-summary.json");
        results.writeJson(json);
        System.out.println("JSON summary: " + json + "   app logs: " + logs);
    }

    private static void measureApp(Settings settings, Path dataDir, Path logs, Results results) throws IOException {
        log("starting " + settings.appJar().getFileName() + " on " + dataDir);
        App app = App.start(settings.appJar(), settings.appJvm(), dataDir, KEY, logs, "app-1");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (app.isAlive()) {
                app.stop();
            }
        }));
        Duration healthy = app.awaitHealthy(Duration.ofMinutes(3));
        results.add("startup", "first start: process start -> /health 200 (initdb included)", healthy.toMillis(), "ms");
        results.add("startup", "first start: app's own \"Flowproof ready in N ms\"", app.readyMillis().orElse(-1), "ms");
        Http http = new Http(app.base(), KEY);
        long tsBase = System.currentTimeMillis() * 1_000_000L;

        log("COPY ceiling");
        double copySeconds = IngestBench.copyCeilingSeconds(app, settings.batches(), settings.runsPerBatch(), tsBase);
        int events = settings.batches() * settings.runsPerBatch() * IngestBench.NODES;
        double ceiling = events / copySeconds;
        results.add("ingest", "COPY ceiling: same rows, same Postgres, one COPY", ceiling, "events/s");

        log("ingest warm-up");
        IngestBench.run(app, http, "warmup", Math.max(20, settings.batches() / 10), settings.runsPerBatch(),
                settings.clients(), tsBase);
        log("ingest");
        IngestBench.Outcome ingest = IngestBench.run(app, http, "bench", settings.batches(), settings.runsPerBatch(),
                settings.clients(), tsBase);
        results.atLeast("ingest", "HTTP events/s (first send -> last 200)", ingest.eventsPerSecond(), "events/s", 22_000);
        results.atLeast("ingest", "HTTP / COPY ceiling", 100 * ingest.eventsPerSecond() / ceiling, "%", 50);
        results.add("ingest", "events/s until every run was evaluated", ingest.endToEndEventsPerSecond(), "events/s");
        results.add("ingest", "auto-evaluation lag after the last 200",
                (ingest.untilEvaluatedNanos() - ingest.sendNanos()) / 1e6, "ms");
        results.add("ingest", "batch latency p50", ingest.latency().p50(), "ms");
        results.add("ingest", "batch latency p95", ingest.latency().p95(), "ms");
        results.add("ingest", "batch latency p99", ingest.latency().p99(), "ms");
        results.exactly("ingest", "batches refused (non-200 or no answer)", ingest.refused(), "batches", 0);
        results.exactly("ingest", "events stored (= sent)", ingest.stored(), "events", ingest.events());
        results.exactly("ingest", "runs evaluated (= runs sent)", ingest.runsEvaluated(), "runs",
                (double) ingest.events() / IngestBench.NODES);
        results.add("ingest", "eval outputs per run (1.00 = fully coalesced)",
                (double) ingest.evalOutputs() / ingest.runsEvaluated(), "");
        results.add("ingest", "max evaluation backlog (pending runs, sampled)", ingest.maxBacklog(), "runs");
        Cpu cpu = ingest.cpuWhileSending();
        double wall = ingest.sendNanos() / 1e9;
        results.add("ingest", "CPU while sending: app JVM (cores busy)", cpu.app() / wall, "cores");
        results.add("ingest", "CPU while sending: Postgres (cores busy)", cpu.postgres() / wall, "cores");
        results.add("ingest", "CPU while sending: load generator (cores busy)", cpu.client() / wall, "cores");
        results.add("ingest", "app CPU per 1,000 events, ingest + evaluation",
                1e6 * ingest.cpuUntilEvaluated().app() / ingest.events(), "ms");
        results.add("ingest", "Postgres CPU per 1,000 events, ingest + evaluation",
                1e6 * ingest.cpuUntilEvaluated().postgres() / ingest.events(), "ms");
        results.atMost("memory", "app RSS peak during ingest", ingest.peakRssKib() / 1024.0, "MiB", 512);
        results.add("memory", "app heap peak (before GC, from the GC log)", ingest.peakHeapMib(), "MiB");

        try (Db db = new Db(app.postgresPort())) {
            Files.createDirectories(settings.outDir());
            StringBuilder plans = new StringBuilder();
            log("run-eval latency");
            RawHttp raw = new RawHttp(app.base(), KEY);
            Stats floor = LatencyBench.get(raw, "/health", 200, 1000);
            results.add("run-eval", "HTTP floor: GET /health p50 (client + loopback + router)", floor.p50(), "ms");
            for (int nodes : new int[] {5, 100, 1000}) {
                String flow = LatencyBench.ingestGraph(app, http, nodes, tsBase);
                int n = nodes == 1000 ? (settings.quick() ? 20 : 100) : (settings.quick() ? 50 : 300);
                Stats stats = LatencyBench.runEval(raw, flow, n / 5, n);
                double target = nodes == 5 ? 1 : nodes == 100 ? 3 : 20;
                results.atMost("run-eval", nodes + " nodes p50", stats.p50(), "ms", target);
                results.add("run-eval", nodes + " nodes p95", stats.p95(), "ms");
                results.add("run-eval", nodes + " nodes p99", stats.p99(), "ms");
            }
            listEndpoints(raw, db, results, plans, "small");
            log("growing events to " + settings.growTo() + " rows");
            grow(db, settings.growTo());
            listEndpoints(raw, db, results, plans, "grown");
            raw.close();
            Files.writeString(settings.outDir().resolve("bench-plans.txt"), plans);
        }

        log("ensure poll tick (10,000 waiting runs)");
        PollTickBench.Outcome poll = PollTickBench.run(app.postgresPort(), 10_000, settings.quick() ? 4 : 7);
        results.add("ensure", "seeding 10,000 waiting runs (setup, not a target)", poll.seedMillis(), "ms");
        results.atMost("ensure", "poll tick for 10,000 waiting runs, median after 2 warm-up ticks", poll.steadyMedianMillis(), "ms", 1000);
        results.note("ensure", "all ticks (ms)", poll.tickMillis().toString());
        results.exactly("ensure", "runs advanced per tick (every waiting run)", poll.advanced().stream().mapToInt(Integer::intValue).min().orElse(0),
                "runs", 10_000);

        log("restart on the same data directory");
        app.stop();
        App again = App.start(settings.appJar(), settings.appJvm(), dataDir, KEY, logs, "app-2");
        try {
            Duration restart = again.awaitHealthy(Duration.ofMinutes(3));
            results.add("startup", "restart: process start -> /health 200 (existing data)", restart.toMillis(), "ms");
            results.add("startup", "restart: app's own \"Flowproof ready in N ms\"", again.readyMillis().orElse(-1), "ms");
        } finally {
            again.stop();
        }
    }

    /** p50 of the two list endpoints at the current table sizes; their plans go to {@code plans}. */
    private static void listEndpoints(RawHttp http, Db db, Results results, StringBuilder plans, String label) {
        long events = db.count("SELECT count(*) FROM events");
        long outputs = db.count("SELECT count(*) FROM eval_outputs");
        log("list endpoints at " + events + " events, " + outputs + " eval outputs");
        String size = String.format(Locale.ROOT, "%,d events / %,d outputs", events, outputs);
        Stats list = LatencyBench.get(http, "/v1/events?flow=bench&limit=100", 50, 200);
        results.atMost("list", "GET /v1/events?flow=bench&limit=100 p50 @ " + size, list.p50(), "ms", 10);
        Stats evalOutputs = LatencyBench.get(http, "/v1/eval-outputs?name=bench&limit=10", 50, 200);
        results.atMost("list", "GET /v1/eval-outputs?name=bench&limit=10 p50 @ " + size, evalOutputs.p50(), "ms", 10);
        Stats rare = LatencyBench.get(http, "/v1/eval-outputs?name=graph5&limit=10", 20, 100);
        results.atMost("list", "GET /v1/eval-outputs?name=graph5&limit=10 (a rare flow) p50 @ " + size, rare.p50(), "ms", 10);
        plans.append("== ").append(label).append(": ").append(size).append(" ==\n")
                .append(db.explain("SELECT * FROM events WHERE flow = 'bench' ORDER BY ts DESC, seq DESC LIMIT 100 OFFSET 0"))
                .append('\n')
                .append(db.explain("SELECT * FROM eval_outputs WHERE flow = 'bench' ORDER BY seq DESC LIMIT 10 OFFSET 0"))
                .append('\n')
                .append(db.explain("SELECT * FROM eval_outputs WHERE flow = 'graph5' ORDER BY seq DESC LIMIT 10 OFFSET 0"))
                .append('\n');
    }

    /**
     * Grows {@code events} to about {@code target} rows and {@code eval_outputs} in proportion, with copies of the
     * bench flow's rows (new ids and run ids, older ts, newer outputs), then ANALYZE as autovacuum would.
     */
    private static void grow(Db db, long target) {
        long bench = db.count("SELECT count(*) FROM events WHERE flow = 'bench'");
        long now = db.count("SELECT count(*) FROM events");
        long copies = bench == 0 || target <= now ? 0 : (target - now + bench - 1) / bench;
        for (long g = 1; g <= copies; g++) {
            db.execute("INSERT INTO events (id, flow, node_id, run_id, type, data, ts) SELECT gen_random_uuid(), flow, "
                    + "node_id, run_id || '-g" + g + "', type, data, ts - " + g + " * 1000000000000 FROM events "
                    + "WHERE flow = 'bench' AND run_id NOT LIKE '%-g%'");
            db.execute("INSERT INTO eval_outputs (id, flow, run_id, trigger_ev_id, status, output, created_at) "
                    + "SELECT gen_random_uuid(), flow, run_id || '-g" + g + "', trigger_ev_id, status, output, created_at "
                    + "FROM eval_outputs WHERE flow = 'bench' AND run_id NOT LIKE '%-g%'");
        }
        db.execute("ANALYZE events");
        db.execute("ANALYZE eval_outputs");
    }

    private static void evaluatorJmh(Settings settings, Results results) throws RunnerException {
        var options = new OptionsBuilder()
                .include(EvaluatorBenchmark.class.getName())
                .forks(1)
                .warmupIterations(settings.quick() ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(settings.quick() ? 1 : 5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx512m")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> runs = new Runner(options).run();
        List<RunResult> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.getParams().getParam("nodes")),
                Integer.parseInt(b.getParams().getParam("nodes"))));
        for (RunResult run : sorted) {
            String nodes = run.getParams().getParam("nodes");
            double perSecond = run.getPrimaryResult().getScore();
            results.add("evaluator", "JMH Evaluator.evaluate, " + nodes + " nodes", perSecond, "evals/s");
            results.add("evaluator", "  = time per evaluation, " + nodes + " nodes", 1e6 / perSecond, "µs");
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    static void log(String message) {
        System.out.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(), message);
    }

    /** Command-line settings; every one has a default, so {@code java -jar bench.jar} alone runs issue #7's set. */
    record Settings(Path appJar, List<String> appJvm, int batches, int runsPerBatch, int clients, long growTo,
            boolean quick, Path outDir) {

        /** The app's JVM options unless {@code --app-jvm} says otherwise; the heap the README recommends. */
        static final String DEFAULT_APP_JVM = "-Xmx256m";

        static Settings parse(String[] args) {
            Path outDir = ownDirectory();
            Path appJar = null;
            String appJvm = DEFAULT_APP_JVM;
            int events = 200_000;
            int clients = 8;
            long growTo = 1_000_000;
            boolean quick = false;
            for (String arg : args) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
                if (arg.startsWith("--app-jar=")) {
                    appJar = Path.of(value);
                } else if (arg.startsWith("--app-jvm=")) {
                    appJvm = value;
                } else if (arg.startsWith("--events=")) {
                    events = Integer.parseInt(value);
                } else if (arg.startsWith("--clients=")) {
                    clients = Integer.parseInt(value);
                } else if (arg.startsWith("--grow-to=")) {
                    growTo = Long.parseLong(value);
                } else if (arg.startsWith("--out=")) {
                    outDir = Path.of(value);
                } else if (arg.equals("--quick")) {
                    quick = true;
                    events = 20_000;
                    growTo = 200_000;
                } else {
                    throw new IllegalArgumentException("Unknown argument " + arg + "; known: --app-jar= --app-jvm= "
                            + "--events= --clients= --grow-to= --out= --quick");
                }
            }
            int runsPerBatch = 20; // 100 events per batch
            return new Settings(appJar != null ? appJar : findAppJar(outDir),
                    Arrays.stream(appJvm.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                    Math.max(1, events / (runsPerBatch * IngestBench.NODES)), runsPerBatch, clients, growTo, quick,
                    outDir.toAbsolutePath());
        }

        /** The directory of this jar ({@code bench/target}), or {@code bench/target} when run from classes. */
        private static Path ownDirectory() {
            try {
                Path self = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return Files.isRegularFile(self) ? self.getParent() : Path.of("bench", "target");
            } catch (URISyntaxException e) {
                return Path.of("bench", "target");
            }
        }

        /** {@code functions/target/functions-*.jar} (not the -aws one) beside the bench module. */
        private static Path findAppJar(Path benchTarget) {
            List<Path> candidates = List.of(benchTarget.toAbsolutePath().resolve("../../functions/target").normalize(),
                    Path.of("functions", "target").toAbsolutePath());
            for (Path dir : candidates) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        var jar = files.filter(p -> p.getFileName().toString().matches("functions-.*\\.jar"))
                                .filter(p -> !p.getFileName().toString().matches(".*-(aws|sources|javadoc|plain)\\.jar"))
                                .findFirst();
                        if (jar.isPresent()) {
                            return jar.get();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            throw new IllegalStateException("No functions/target/functions-*.jar: run `./mvnw -B -q package -DskipTests` "
                    + "first, or pass --app-jar=");
        }
    }
}
