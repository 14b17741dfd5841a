package io.flowproof.bench;

/**
 * Sequential request latency over {@link RawHttp}: a warm-up (at least {@code warmup} calls and at least
 * {@link #WARMUP_NANOS}, so the JIT has compiled the path as it has in a server that has been up a while), then
 * {@code n} timed calls, one at a time.
 */
final class LatencyBench {

    static final long WARMUP_NANOS = 3_000_000_000L;

    private LatencyBench() {
    }

    /** Ingests one run of a {@code nodes}-node chain (flow {@code graph<nodes>}) and waits for its auto-evaluation. */
    static String ingestGraph(App app, Http http, int nodes, long tsBase) {
        String flow = "graph" + nodes;
        int status = http.post("/v1/events-batch", Bodies.wholeRuns(flow, "run", 0, 1, nodes, tsBase));
        if (status != 200) {
            throw new IllegalStateException("Ingesting the " + nodes + "-node graph answered " + status);
        }
        try (Db db = new Db(app.postgresPort())) {
            IngestBench.awaitEvaluated(db, flow, 1);
        }
        return flow;
    }

    /** {@code POST /v1/run-eval} for run {@code run-0} of {@code flow}. */
    static Stats runEval(RawHttp http, String flow, int warmup, int n) {
        String body = "{\"run_id\":\"run-0\",\"flow\":\"" + flow + "\"}";
        return time(warmup, n, () -> http.post("/v1/run-eval", body));
    }

    static Stats get(RawHttp http, String path, int warmup, int n) {
        return time(warmup, n, () -> http.get(path));
    }

    private static Stats time(int warmup, int n, java.util.function.IntSupplier call) {
        long warmUntil = System.nanoTime() + WARMUP_NANOS;
        for (int i = 0; i < warmup || System.nanoTime() < warmUntil; i++) {
            check(call.getAsInt());
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            int status = call.getAsInt();
            nanos[i] = System.nanoTime() - t;
            check(status);
        }
        return Stats.of(nanos);
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("Answered " + status);
        }
    }
}
