package io.flowproof.infra.logging;

import org.slf4j.MDC;

/**
 * Puts {@code run_id}, {@code flow} and {@code ensure_run_id} into the logging context (SLF4J MDC) around one log
 * statement, and takes them out again when closed:
 *
 * <pre>{@code
 * try (var context = LogContext.of(run.flow(), run.runId(), run.id())) {
 *     log.info("Ensure run {} is now {}", run.id(), state);
 * }
 * }</pre>
 *
 * <p>Why around each statement and not per request: Reactor moves work between threads, so a thread-local context
 * set at the start of a request is not there (or belongs to another request) when a later operator logs. Setting
 * it synchronously around the call is always right. Structured logs ({@code FLOWPROOF_LOG_FORMAT=json}) carry the
 * keys as fields; the plain text format does not print them.
 */
public final class LogContext implements AutoCloseable {

    public static final String FLOW = "flow";
    public static final String RUN_ID = "run_id";
    public static final String ENSURE_RUN_ID = "ensure_run_id";

    private final boolean flow;
    private final boolean runId;
    private final boolean ensureRunId;

    private LogContext(String flow, String runId, String ensureRunId) {
        this.flow = put(FLOW, flow);
        this.runId = put(RUN_ID, runId);
        this.ensureRunId = put(ENSURE_RUN_ID, ensureRunId);
    }

    /** Any argument may be {@code null}: that key is left out. */
    public static LogContext of(String flow, String runId, String ensureRunId) {
        return new LogContext(flow, runId, ensureRunId);
    }

    private static boolean put(String key, String value) {
        if (value == null) {
            return false;
        }
        MDC.put(key, value);
        return true;
    }

    @Override
    public void close() {
        if (flow) {
            MDC.remove(FLOW);
        }
        if (runId) {
            MDC.remove(RUN_ID);
        }
        if (ensureRunId) {
            MDC.remove(ENSURE_RUN_ID);
        }
    }
}
