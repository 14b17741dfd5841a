package io.flowproof.functions.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Events-batch bodies as the SDKs send them. Every run goes through a chain of {@value #NODES} act nodes
 * ({@code n1 <- n2 <- ... <- n5}, each depending on the one before), with increasing {@code ts}, so a complete run
 * evaluates as passed.
 */
public final class Batches {

    public static final int NODES = 5;

    private Batches() {
    }

    /** {@code runCount} whole runs ({@link #NODES} events each) of {@code flow}, numbered from {@code firstRun}. */
    public static String wholeRuns(String flow, String runPrefix, int firstRun, int runCount, long tsBase) {
        StringBuilder json = new StringBuilder(runCount * NODES * 140).append('[');
        for (int run = firstRun; run < firstRun + runCount; run++) {
            for (int node = 1; node <= NODES; node++) {
                long ts = tsBase + run * 10_000L + node;
                event(json, flow, "n" + node, runId(runPrefix, run), "{\"run\":" + run + ",\"node\":" + node + "}", ts);
            }
        }
        return json.append(']').toString();
    }

    public static String runId(String prefix, int run) {
        return prefix + "-" + run;
    }

    /** All run ids {@link #wholeRuns} produces for runs {@code [0, runCount)}. */
    public static List<String> runIds(String prefix, int runCount) {
        List<String> ids = new ArrayList<>(runCount);
        for (int run = 0; run < runCount; run++) {
            ids.add(runId(prefix, run));
        }
        return ids;
    }

    /**
     * One run of its own, {@code perNode} events on each node, each carrying {@code {"client":c,"seq":n,"i":i}}
     * with {@code i} numbering the batch's events from 0: every event of every batch is unique and recognisable.
     */
    public static String clientRun(String flow, String runId, int client, int seq, int perNode, long tsBase) {
        StringBuilder json = new StringBuilder(NODES * perNode * 140).append('[');
        int i = 0;
        for (int node = 1; node <= NODES; node++) {
            for (int r = 0; r < perNode; r++, i++) {
                String data = "{\"client\":" + client + ",\"seq\":" + seq + ",\"i\":" + i + "}";
                event(json, flow, "n" + node, runId, data, tsBase + i);
            }
        }
        return json.append(']').toString();
    }

    private static void event(StringBuilder json, String flow, String node, String runId, String data, long ts) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append("{\"flow\":\"").append(flow)
                .append("\",\"id\":\"").append(node)
                .append("\",\"run_id\":\"").append(runId)
                .append("\",\"type\":\"act\",\"data\":").append(data)
                .append(",\"ts\":").append(ts);
        int index = Integer.parseInt(node.substring(1));
        json.append(",\"dep_ids\":").append(index == 1 ? "[]" : "[\"n" + (index - 1) + "\"]").append('}');
    }
}
