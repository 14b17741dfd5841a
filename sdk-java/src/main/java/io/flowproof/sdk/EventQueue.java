package io.flowproof.sdk;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded hand-off between application threads and the sender thread.
 *
 * <p><b>When full, the oldest queued event is dropped</b> (and counted), as the Python SDK does. Trade-off: when the
 * backend has been unreachable long enough to fill the queue, the newest events describe runs that are still in
 * progress, while the oldest ones mostly belong to runs whose evaluation has already timed out; dropping the newest
 * instead would keep a stale backlog and lose the present. The price is that a run whose first events were dropped
 * evaluates as failed ("No upstream events found") rather than not at all.
 *
 * <p>Lock-free: a {@link ConcurrentLinkedQueue} plus an {@link AtomicInteger} size. An offer that takes the size
 * above the bound removes exactly one event from the head, so under concurrency the size exceeds the bound by at
 * most the number of threads inside {@code offer} at that instant.
 */
final class EventQueue {

    private final ConcurrentLinkedQueue<PendingEvent> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final LongAdder droppedFull = new LongAdder();
    private final int capacity;

    EventQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an event; returns the queue size after the call. */
    int offer(PendingEvent event) {
        offered.incrementAndGet();
        items.offer(event);
        int n = size.incrementAndGet();
        if (n > capacity && items.poll() != null) {
            n = size.decrementAndGet();
            droppedFull.increment();
            settled.incrementAndGet();
        }
        return n;
    }

    /** Moves up to {@code max} events, oldest first, into {@code into}; returns how many. */
    int drainTo(List<PendingEvent> into, int max) {
        int taken = 0;
        PendingEvent e;
        while (taken < max && (e = items.poll()) != null) {
            into.add(e);
            taken++;
        }
        if (taken > 0) {
            size.addAndGet(-taken);
        }
        return taken;
    }

    /** Drops everything still queued (used when the client is abandoned); returns how many. */
    int clear() {
        int dropped = 0;
        while (items.poll() != null) {
            dropped++;
        }
        size.addAndGet(-dropped);
        settled.addAndGet(dropped);
        return dropped;
    }

    /** Marks events taken by {@link #drainTo} as finished (sent, rejected or failed). */
    void settle(int count) {
        settled.addAndGet(count);
    }

    int size() {
        return Math.max(0, size.get());
    }

    /** Events ever offered: a flush waits until {@link #settled()} reaches the value it read here. */
    long offered() {
        return offered.get();
    }

    long settled() {
        return settled.get();
    }

    long droppedFull() {
        return droppedFull.sum();
    }
}
