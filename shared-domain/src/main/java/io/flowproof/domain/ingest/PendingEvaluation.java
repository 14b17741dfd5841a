package io.flowproof.domain.ingest;

import io.flowproof.domain.model.RunRef;

/**
 * A run waiting to be evaluated. {@code version} grows each time another batch touches the run while it
 * waits, so a worker that evaluated an older version leaves the request queued for the newer events.
 */
public record PendingEvaluation(RunRef run, String triggerEvId, long version) {}
