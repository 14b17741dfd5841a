package io.flowproof.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Reports events to a Flowproof (or Business-Use) backend. Start one per process with {@link #start} (or use the
 * {@link Flowproof} facade, which holds one), call {@link #ensure} from any thread, {@link #shutdown} at the end.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@code ensure}/{@code act}/{@code assertThat} never throw and never block on I/O. On the calling thread they
 *       validate, resolve the run id, read the clock and append to a lock-free queue (well under a microsecond);
 *       bad input is logged once per kind and counted in {@link #stats()}.</li>
 *   <li>One daemon thread ("flowproof-sdk-sender") sends a batch when {@code batchSize} events are queued or
 *       {@code flushInterval} has passed since the last send, whichever comes first.</li>
 *   <li>The queue holds at most {@code maxQueueSize} events; when full <b>the oldest event is dropped</b> and counted
 *       (see {@link EventQueue} for why).</li>
 *   <li>{@link #start} checks {@code GET /v1/status} once. Anything but 200 (unreachable, wrong key, no key) leaves a
 *       client that does nothing, after one warning, as the Python SDK does. The backend is not checked again.</li>
 *   <li>Transient send failures are retried with exponential backoff, a bounded number of times; then the batch is
 *       dropped and counted.</li>
 *   <li>{@link #shutdown} (also run by a JVM shutdown hook) sends what is queued within the time it is given.</li>
 * </ul>
 */
public final class FlowproofClient implements AutoCloseable {

    private static final long FAR_AWAY_NANOS = Duration.ofDays(365).toNanos();

    private final FlowproofSettings settings;
    private final SdkLog log = new SdkLog();
    private final EventQueue queue;
    private final BatchSender sender;
    private final Thread worker;
    private final Thread shutdownHook;
    private final int batchSize;
    private final long intervalNanos;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();

    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final Object settleMonitor = new Object();
    private volatile boolean active;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private volatile long flushTarget;

    private FlowproofClient(FlowproofSettings settings, boolean checkBackend) {
        this.settings = settings;
        this.batchSize = settings.batchSize();
        this.intervalNanos = settings.flushInterval().toNanos();
        this.queue = new EventQueue(settings.maxQueueSize());
        BatchSender maybeSender = null;
        String problem = null;
        if (!checkBackend) {
            problem = "disabled";
        } else if (settings.apiKey() == null) {
            problem = "no API key (set FLOWPROOF_API_KEY or BUSINESS_USE_API_KEY, or pass one)";
        } else if (!FlowproofSettings.isHttpUrl(settings.url())) {
            problem = "the URL '" + settings.url() + "' is not an http(s) URL";
        } else {
            try {
                maybeSender = new BatchSender(settings, log, retries);
                BatchSender.StatusCheck check = maybeSender.checkStatus();
                problem = check.problem();
            } catch (RuntimeException e) {
                problem = "the status check failed: " + e;
            }
        }
        if (problem != null) {
            if (checkBackend) {
                log.warn("Flowproof SDK disabled, events will be ignored: " + problem);
            }
            this.sender = null;
            this.worker = null;
            this.shutdownHook = null;
            return;
        }
        this.sender = maybeSender;
        this.active = true;
        this.worker = new Thread(this::runWorker, "flowproof-sdk-sender");
        this.worker.setDaemon(true);
        this.worker.start();
        this.shutdownHook = settings.shutdownHook() ? registerShutdownHook() : null;
        log.info("Flowproof SDK connected to " + settings.url() + " (batch " + batchSize + ", every "
                + settings.flushInterval() + ", queue " + settings.maxQueueSize() + ")");
    }

    /**
     * Checks the backend ({@code GET /v1/status}, bounded by {@code statusCheckTimeout}) and starts the sender.
     * Never throws: when the check fails the returned client is a no-op ({@link #isActive()} is false).
     */
    public static FlowproofClient start(FlowproofSettings settings) {
        try {
            return new FlowproofClient(settings == null ? FlowproofSettings.fromEnvironment() : settings, true);
        } catch (RuntimeException e) {
            new SdkLog().warn("Flowproof SDK disabled, events will be ignored: " + e);
            return disabled();
        }
    }

    /** A client that ignores everything, without contacting any backend (for tests and switched-off environments). */
    public static FlowproofClient disabled() {
        return new FlowproofClient(FlowproofSettings.builder().environment(name -> null).shutdownHook(false).build(), false);
    }

    // --- reporting (application threads) --------------------------------------------------------------

    /** Reports an event; an {@code assert} when a validator is set, else an {@code act}. Never throws or blocks. */
    public void ensure(Ensure event) {
        submit(event, null);
    }

    /** Reports an {@code act} event (no validator) built with {@link Ensure}. */
    public void act(Ensure event) {
        submit(event, PendingEvent.ACT);
    }

    /** Reports that step {@code id} of {@code flow} happened in run {@code runId}. */
    public void act(String id, String flow, String runId, Object data) {
        submit(Ensure.node(id).flow(flow).runId(runId).data(data), PendingEvent.ACT);
    }

    /** Like {@link #act(String, String, String, Object)}, the run id computed on the calling thread. */
    public void act(String id, String flow, Supplier<String> runId, Object data) {
        submit(Ensure.node(id).flow(flow).runId(runId).data(data), PendingEvent.ACT);
    }

    /** Reports an {@code assert} event built with {@link Ensure}; it must have a validator. */
    public void assertThat(Ensure event) {
        submit(event, PendingEvent.ASSERT);
    }

    /** Reports step {@code id} with a validator the backend checks against {@code data} and the upstream events. */
    public void assertThat(String id, String flow, String runId, Object data, Expr validator) {
        submit(Ensure.node(id).flow(flow).runId(runId).data(data).validator(validator), PendingEvent.ASSERT);
    }

    /** Like {@link #assertThat(String, String, String, Object, Expr)}, the run id computed on the calling thread. */
    public void assertThat(String id, String flow, Supplier<String> runId, Object data, Expr validator) {
        submit(Ensure.node(id).flow(flow).runId(runId).data(data).validator(validator), PendingEvent.ASSERT);
    }

    private void submit(Ensure event, String requiredType) {
        if (!active) {
            ignored.increment();
            return;
        }
        try {
            PendingEvent pending = PendingEvent.of(event, nowNanos(), requiredType);
            accepted.increment();
            int size = queue.offer(pending);
            if (size >= batchSize && !wakeRequested.get() && wakeRequested.compareAndSet(false, true)) {
                LockSupport.unpark(worker);
            }
        } catch (PendingEvent.Invalid bad) {
            invalid.increment();
            log.warnOnce(bad.kind, bad.getMessage());
        } catch (RuntimeException | LinkageError unexpected) {
            invalid.increment(); // a broken clock, say: never the caller's problem
            log.warnOnce("unexpected", "Event dropped: " + unexpected);
        }
    }

    private long nowNanos() {
        Instant now = settings.clock().instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    // --- control ------------------------------------------------------------------------------------

    /** Whether events are being sent: the status check passed and {@link #shutdown} has not been called. */
    public boolean isActive() {
        return active;
    }

    public FlowproofSettings settings() {
        return settings;
    }

    public FlowproofStats stats() {
        return new FlowproofStats(active, accepted.sum(), ignored.sum(), sent.sum(), batchesSent.sum(),
                queue.droppedFull(), invalid.sum(), rejected.sum(), failed.sum(), retries.sum(), queue.size());
    }

    /**
     * Sends everything queued before this call now, and waits up to {@code timeout} until it has been sent (or dropped
     * after its retries). Returns whether that happened in time; {@code true} at once for a no-op client.
     * Blocks the caller: meant for tests, samples, batch jobs and shutdown, not for request paths.
     */
    public boolean flush(Duration timeout) {
        if (worker == null || !worker.isAlive()) {
            return queue.size() == 0;
        }
        long target = queue.offered();
        synchronized (settleMonitor) {
            if (target > flushTarget) {
                flushTarget = target;
            }
        }
        LockSupport.unpark(worker);
        return awaitSettled(target, deadlineFrom(timeout));
    }

    /**
     * Stops accepting events, sends what is queued within {@code timeout}, and stops the sender thread. Events still
     * queued when the time is up are dropped and counted. Returns whether everything was sent in time. Idempotent.
     */
    public boolean shutdown(Duration timeout) {
        if (!shutdownStarted.compareAndSet(false, true)) {
            return worker == null || awaitWorker(deadlineFrom(timeout)) && queue.size() == 0;
        }
        active = false;
        if (worker == null) {
            return true;
        }
        removeShutdownHook();
        long deadline = deadlineFrom(timeout);
        stopDeadline = deadline;
        stopping = true;
        LockSupport.unpark(worker);
        boolean finished = awaitWorker(deadline);
        if (!finished) {
            worker.interrupt(); // a request in flight; JDK HttpClient.send is interruptible
            awaitWorker(System.nanoTime() + 200_000_000L);
        }
        int left = queue.clear();
        if (left > 0) {
            failed.add(left);
            log.warn("Flowproof SDK shut down with " + left + " events unsent (timeout " + timeout + ")");
        }
        return finished && left == 0;
    }

    /** {@link #shutdown(Duration)} with the configured {@code shutdownTimeout}. */
    @Override
    public void close() {
        shutdown(settings.shutdownTimeout());
    }

    private static long deadlineFrom(Duration timeout) {
        long nanos;
        try {
            nanos = timeout == null || timeout.isNegative() ? 0 : timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = FAR_AWAY_NANOS;
        }
        return System.nanoTime() + Math.min(nanos, FAR_AWAY_NANOS);
    }

    private boolean awaitSettled(long target, long deadline) {
        synchronized (settleMonitor) {
            while (queue.settled() - target < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || worker == null || !worker.isAlive()) {
                    return queue.settled() - target >= 0;
                }
                try {
                    settleMonitor.wait(Math.max(1, Math.min(left / 1_000_000, 20)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private boolean awaitWorker(long deadline) {
        try {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                worker.join(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !worker.isAlive();
    }

    private Thread registerShutdownHook() {
        Thread hook = new Thread(() -> shutdown(settings.shutdownTimeout()), "flowproof-sdk-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return hook;
        } catch (IllegalStateException | SecurityException e) {
            return null; // the JVM is already exiting, or hooks are forbidden
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | SecurityException e) {
                // the JVM is exiting: the hook runs (or is running) anyway
            }
        }
    }

    // --- sender thread ------------------------------------------------------------------------------

    private void runWorker() {
        EventEncoder encoder = new EventEncoder(settings.jsonMapper());
        List<PendingEvent> batch = new ArrayList<>(Math.min(batchSize, 10_000));
        long nextSend = System.nanoTime() + intervalNanos;
        while (true) {
            try {
                long now = System.nanoTime();
                int queued = queue.size();
                boolean flushing = queue.settled() - flushTarget < 0;
                if (queued > 0 && (queued >= batchSize || now - nextSend >= 0 || flushing || stopping)) {
                    if (stopping && now - stopDeadline >= 0) {
                        return; // out of time: shutdown() drops and counts what is left
                    }
                    batch.clear();
                    int taken = queue.drainTo(batch, batchSize);
                    try {
                        sendBatch(encoder, batch);
                    } finally {
                        queue.settle(taken); // whatever happened, a flush waiting for these must not hang
                        synchronized (settleMonitor) {
                            settleMonitor.notifyAll();
                        }
                    }
                    if (queue.size() < batchSize) {
                        nextSend = System.nanoTime() + intervalNanos;
                    }
                    continue;
                }
                if (stopping) {
                    return; // queue empty
                }
                if (queued == 0 && now - nextSend >= 0) {
                    nextSend = now + intervalNanos;
                }
                wakeRequested.set(false);
                if (queue.size() >= batchSize || stopping || queue.settled() - flushTarget < 0 && queue.size() > 0) {
                    continue; // re-check after clearing the flag, so no wake-up is lost
                }
                // While a flush waits, poll briefly: an event counted as offered may not be in the queue yet.
                LockSupport.parkNanos(this, flushing ? Math.min(nextSend - now, 1_000_000L) : nextSend - now);
                if (Thread.interrupted() && stopping) {
                    return;
                }
            } catch (Throwable unexpected) { // keep the sender alive whatever happens
                if (unexpected instanceof VirtualMachineError vmError && !(unexpected instanceof StackOverflowError)) {
                    throw vmError;
                }
                log.warnOnce("sender-unexpected", "Flowproof SDK sender: unexpected " + unexpected);
            }
        }
    }

    private void sendBatch(EventEncoder encoder, List<PendingEvent> batch) {
        EventEncoder.Encoded encoded = encoder.encode(batch, (event, problem) -> {
            invalid.increment();
            log.warnOnce("encode", "Event dropped (flow=" + event.flow() + ", id=" + event.id() + "): " + problem);
        });
        if (encoded == null) {
            return;
        }
        int events = encoded.events();
        BatchSender.Outcome outcome = sender.send(encoded.body(), events,
                () -> stopping ? stopDeadline : System.nanoTime() + FAR_AWAY_NANOS);
        switch (outcome) {
            case SENT -> {
                sent.add(events);
                batchesSent.increment();
            }
            case REJECTED -> rejected.add(events);
            case FAILED -> failed.add(events);
        }
    }
}
