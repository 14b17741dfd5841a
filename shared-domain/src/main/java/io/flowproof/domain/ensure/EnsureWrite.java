package io.flowproof.domain.ensure;

import io.flowproof.domain.model.StoredEvalOutput;
import java.util.List;

/**
 * One persisted transition: the run's new row, the step rows it inserts or completes (keyed by run, step and
 * attempt), and the eval output of a finished run (or null).
 */
public record EnsureWrite(EnsureRun run, List<EnsureStep> steps, StoredEvalOutput output) {

    public EnsureWrite {
        steps = List.copyOf(steps);
    }
}
