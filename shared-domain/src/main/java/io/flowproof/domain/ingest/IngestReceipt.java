package io.flowproof.domain.ingest;

import io.flowproof.domain.model.RunRef;
import java.time.Instant;
import java.util.List;

/**
 * A committed batch: how many events were stored, which runs it touched (to evaluate), when it was accepted,
 * and whether this answer replays an earlier one ({@code Idempotency-Key} sent again: nothing was written now,
 * {@code runs} is empty, {@code accepted} and {@code acceptedAt} are the first answer's).
 */
public record IngestReceipt(int accepted, List<RunRef> runs, Instant acceptedAt, boolean replayed) {

    public IngestReceipt(int accepted, List<RunRef> runs) {
        this(accepted, runs, null, false);
    }
}
