package io.flowproof.bench;

/** Sequential request latency: a warm-up, then {@code n} timed calls, one at a time. */
final class LatencyBench {

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
    static Stats runEval(Http http, String flow, int warmup, int n) {
        String body = "{\"run_id\":\"run-0\",\"flow\":\"" + flow + "\"}";
        return time(warmup, n, () -> http.post("/v1/run-eval", body));
    }

    static Stats get(Http http, String path, int warmup, int n) {
        return time(warmup, n, () -> http.get(path));
    }

    private static Stats time(int warmup, int n, java.util.function.IntSupplier call) {
        for (int i = 0; i < warmup; i++) {
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
