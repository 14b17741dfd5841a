package io.flowproof.domain.ensure;

import io.flowproof.domain.model.StoredEvalOutput;
import java.util.List;

/**
 * One persisted transition: the run's new row, the step rows it inserts or completes (keyed by run, step and
 * attempt), and the eval output of a finished run (or null). {@code outputsChanged} false tells the store the
 * run's trigger outputs are the ones already stored, so it need not rewrite them.
 */
public record EnsureWrite(EnsureRun run, List<EnsureStep> steps, StoredEvalOutput output, boolean outputsChanged) {

    public EnsureWrite {
        steps = List.copyOf(steps);
    }

    /** A write that stores every column of {@code run}. */
    public EnsureWrite(EnsureRun run, List<EnsureStep> steps, StoredEvalOutput output) {
        this(run, steps, output, true);
    }

    /** This write, keeping the stored trigger outputs. */
    public EnsureWrite outputsUnchanged() {
        return new EnsureWrite(run, steps, output, false);
    }
}
