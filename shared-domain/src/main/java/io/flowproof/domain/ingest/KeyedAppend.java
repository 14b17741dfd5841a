package io.flowproof.domain.ingest;

import java.time.Instant;

/**
 * What storing a batch under an idempotency key did: stored it now, or found it stored before (a replay,
 * nothing written). {@code accepted} and {@code acceptedAt} are those of the first time.
 */
public record KeyedAppend(int accepted, Instant acceptedAt, boolean replayed) {}
