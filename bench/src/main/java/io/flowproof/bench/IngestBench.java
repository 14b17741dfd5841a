package io.flowproof.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * HTTP ingest: {@code batches} batches of {@code runsPerBatch} whole runs of the 5-node chain, sent by
 * {@code clients} threads that each take the next unsent batch; auto-evaluation on (the app's default). Then the
 * COPY ceiling: the same rows written straight into a scratch copy of {@code events} (same columns and indexes) with
 * one {@code COPY ... FROM STDIN}.
 */
final class IngestBench {

    static final int NODES = 5;

    /** What one ingest run measured. */
    record Outcome(int batches, int events, long sendNanos, long untilEvaluatedNanos, Stats latency, int refused,
            long stored, long runsEvaluated, long evalOutputs, long maxBacklog, long peakRssKib, long peakHeapMib,
            Cpu cpuWhileSending, Cpu cpuUntilEvaluated) {

        double eventsPerSecond() {
            return events * 1e9 / sendNanos;
        }

        double endToEndEventsPerSecond() {
            return events * 1e9 / untilEvaluatedNanos;
        }
    }

    private IngestBench() {
    }

    static Outcome run(App app, Http http, String flow, int batches, int runsPerBatch, int clients, long tsBase) {
        List<String> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            bodies.add(Bodies.wholeRuns(flow, "run", b * runsPerBatch, runsPerBatch, NODES, tsBase));
        }
        int events = batches * runsPerBatch * NODES;
        int runs = batches * runsPerBatch;
        long[] latencies = new long[batches];
        int[] statuses = new int[batches];
        AtomicLong maxBacklog = new AtomicLong();
        AtomicLong peakRss = new AtomicLong();
        try (Db db = new Db(app.postgresPort()); Sampler sampler = new Sampler(app, maxBacklog, peakRss)) {
            Cpu cpuBefore = Cpu.of(app);
            long started = System.nanoTime();
            send(http, bodies, clients, latencies, statuses);
            long sent = System.nanoTime() - started;
            Cpu cpuSent = Cpu.of(app).minus(cpuBefore);
            awaitEvaluated(db, flow, runs);
            long evaluated = System.nanoTime() - started;
            Cpu cpuEvaluated = Cpu.of(app).minus(cpuBefore);
            sampler.close();
            int refused = 0;
            for (int status : statuses) {
                if (status != 200) {
                    refused++;
                }
            }
            long stored = db.count("SELECT count(*) FROM events WHERE flow = '" + flow + "'");
            long runsEvaluated = db.count("SELECT count(DISTINCT run_id) FROM eval_outputs WHERE flow = '" + flow + "'");
            long outputs = db.count("SELECT count(*) FROM eval_outputs WHERE flow = '" + flow + "'");
            return new Outcome(batches, events, sent, evaluated, Stats.of(latencies), refused, stored, runsEvaluated,
                    outputs, maxBacklog.get(), Math.max(peakRss.get(), app.rssKib().orElse(0)), app.peakHeapMib(),
                    cpuSent, cpuEvaluated);
        }
    }

    private static void send(Http http, List<String> bodies, int clients, long[] latencies, int[] statuses) {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        statuses[i] = http.post("/v1/events-batch", bodies.get(i));
                        latencies[i] = System.nanoTime() - t;
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(30, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("A client failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Until the queue is empty and every run of {@code flow} has an eval output (10 minutes at most). */
    static void awaitEvaluated(Db db, String flow, int runs) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (db.count("SELECT count(*) FROM pending_evaluations") == 0
                    && db.count("SELECT count(DISTINCT run_id) FROM eval_outputs WHERE flow = '" + flow + "'") >= runs) {
                return;
            }
            App.sleep(50);
        }
        throw new IllegalStateException("Not every run of " + flow + " was evaluated within 10 minutes");
    }

    /** Seconds to COPY {@code batches * runsPerBatch * 5} rows shaped like the ingest run's into a scratch table. */
    static double copyCeilingSeconds(App app, int batches, int runsPerBatch, long tsBase) {
        try (Db db = new Db(app.postgresPort())) {
            db.execute("DROP TABLE IF EXISTS bench_copy_ceiling");
            db.execute("CREATE TABLE bench_copy_ceiling (LIKE events INCLUDING INDEXES)");
            db.execute("ALTER TABLE bench_copy_ceiling ALTER seq ADD GENERATED BY DEFAULT AS IDENTITY, "
                    + "ALTER received_at SET DEFAULT now()");
            try {
                PGConnection pg = db.connection().unwrap(PGConnection.class);
                long started = System.nanoTime();
                CopyIn copy = pg.getCopyAPI().copyIn(
                        "COPY bench_copy_ceiling (id, flow, node_id, run_id, type, data, ts) FROM STDIN");
                StringBuilder chunk = new StringBuilder(1 << 20);
                int runs = batches * runsPerBatch;
                for (int run = 0; run < runs; run++) {
                    for (int node = 1; node <= NODES; node++) {
                        chunk.append(UUID.randomUUID()).append("\tbench\tn").append(node).append("\trun-").append(run)
                                .append("\tact\t{\"run\": ").append(run).append(", \"node\": ").append(node).append("}\t")
                                .append(tsBase + run * 100_000L + node).append('\n');
                    }
                    if (chunk.length() > (1 << 20) - 4096) {
                        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        chunk.setLength(0);
                    }
                }
                byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                long rows = copy.endCopy();
                double seconds = (System.nanoTime() - started) / 1e9;
                if (rows != (long) runs * NODES) {
                    throw new IllegalStateException("COPY wrote " + rows + " rows, expected " + runs * NODES);
                }
                return seconds;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("COPY failed", e);
            } finally {
                db.execute("DROP TABLE IF EXISTS bench_copy_ceiling");
            }
        }
    }

    /** Samples the app's RSS and the evaluation backlog every 100 ms on its own connection. */
    private static final class Sampler implements AutoCloseable {

        private final Thread thread;
        private volatile boolean running = true;

        Sampler(App app, AtomicLong maxBacklog, AtomicLong peakRss) {
            thread = new Thread(() -> {
                try (Db db = new Db(app.postgresPort())) {
                    while (running) {
                        maxBacklog.accumulateAndGet(db.count("SELECT count(*) FROM pending_evaluations"), Math::max);
                        peakRss.accumulateAndGet(app.rssKib().orElse(0), Math::max);
                        App.sleep(100);
                    }
                }
            }, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
