package io.flowproof.sdk;

/**
 * Counters of one client since it started. Every accepted event ends in exactly one of {@code sent},
 * {@code droppedQueueFull}, {@code droppedInvalid} (serialisation), {@code droppedRejected}, {@code droppedFailed},
 * or is still {@code queued}/in flight.
 *
 * @param active           the status check passed and the client has not been shut down
 * @param accepted         events queued by {@code ensure}
 * @param ignored          calls while the client was a no-op (backend unreachable at start, no key) or shut down
 * @param sent             events the backend acknowledged with a 2xx
 * @param batchesSent      requests acknowledged with a 2xx
 * @param droppedQueueFull oldest events dropped because the queue was full
 * @param droppedInvalid   calls refused for bad input (on the calling thread) or unserialisable data (on the sender)
 * @param droppedRejected  events in batches the backend refused (401, 403, other 4xx; not retried)
 * @param droppedFailed    events in batches that still failed after the retries, or were cut off by shutdown
 * @param retries          batch attempts after the first
 * @param queued           events waiting in the queue now
 */
public record FlowproofStats(boolean active, long accepted, long ignored, long sent, long batchesSent,
        long droppedQueueFull, long droppedInvalid, long droppedRejected, long droppedFailed, long retries, int queued) {
}
