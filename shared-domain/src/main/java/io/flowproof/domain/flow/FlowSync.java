package io.flowproof.domain.flow;

import java.util.List;

/**
 * What a sync did: how many files were read, the flows written (sorted), how many nodes were upserted, and the
 * problems of the files that were skipped.
 */
public record FlowSync(int files, List<String> flows, int nodes, List<FlowProblem> problems) {

    public FlowSync {
        flows = List.copyOf(flows);
        problems = List.copyOf(problems);
    }
}
