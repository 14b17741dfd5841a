package io.flowproof.bench;

/**
 * Events-batch bodies as the SDKs send them. A flow of {@code nodes} act nodes is a chain
 * ({@code n1 <- n2 <- ... <- nN}); each run has one event per node with increasing {@code ts}, so a complete run
 * evaluates as passed.
 */
final class Bodies {

    private Bodies() {
    }

    /** {@code runCount} whole runs of a {@code nodes}-node chain, run ids {@code <prefix>-<firstRun..>}. */
    static String wholeRuns(String flow, String runPrefix, int firstRun, int runCount, int nodes, long tsBase) {
        StringBuilder json = new StringBuilder(runCount * nodes * 150).append('[');
        for (int run = firstRun; run < firstRun + runCount; run++) {
            for (int node = 1; node <= nodes; node++) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append("{\"flow\":\"").append(flow)
                        .append("\",\"id\":\"n").append(node)
                        .append("\",\"run_id\":\"").append(runPrefix).append('-').append(run)
                        .append("\",\"type\":\"act\",\"data\":{\"run\":").append(run).append(",\"node\":").append(node)
                        .append("},\"ts\":").append(tsBase + run * 100_000L + node)
                        .append(",\"dep_ids\":").append(node == 1 ? "[]" : "[\"n" + (node - 1) + "\"]").append('}');
            }
        }
        return json.append(']').toString();
    }
}
