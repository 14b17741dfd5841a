package io.flowproof.sdk;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The process-wide SDK, mirroring the Python SDK's module functions: {@link #initialize} once, then
 * {@link #ensure}/{@link #act}/{@link #assertThat} anywhere, {@link #shutdown} at the end (a JVM shutdown hook does it
 * otherwise). Calls before {@code initialize} are silently ignored, as in the Python SDK.
 *
 * <pre>{@code
 * Flowproof.initialize(FlowproofSettings.builder().apiKey("...").build()); // or initialize(): from the environment
 * Flowproof.act("order_placed", "checkout", orderId, Map.of("amount", 120.5));
 * Flowproof.assertThat("payment_charged", "checkout", orderId, Map.of("charged", 120.5),
 *         Expr.cel("data.charged == ctx.data.amount"));
 * }</pre>
 *
 * <p>Use {@link FlowproofClient} directly when you prefer an injected instance (the Spring Boot auto-configuration
 * does both: it initialises this facade and exposes the client as a bean).
 */
public final class Flowproof {

    private static final SdkLog LOG = new SdkLog();
    private static volatile FlowproofClient client;

    private Flowproof() {
    }

    /** {@link #initialize(FlowproofSettings)} with everything from the environment. */
    public static FlowproofClient initialize() {
        return initialize(FlowproofSettings.fromEnvironment());
    }

    /**
     * Starts the process-wide client (status check included, so this can take up to {@code statusCheckTimeout}).
     * If a client is already running it is kept and returned, with a warning. Never throws.
     */
    public static synchronized FlowproofClient initialize(FlowproofSettings settings) {
        FlowproofClient current = client;
        if (current != null && current.isActive()) {
            LOG.warn("Flowproof.initialize() called again: keeping the running client (call shutdown() first to replace it)");
            return current;
        }
        FlowproofClient started = FlowproofClient.start(settings);
        client = started;
        return started;
    }

    /**
     * Makes {@code client} the process-wide client unless an active one is already installed; returns whether it
     * did. For frameworks that create the client themselves (the Spring Boot auto-configuration).
     */
    public static synchronized boolean use(FlowproofClient client) {
        FlowproofClient current = Flowproof.client;
        if (client == null || current != null && current.isActive() && current != client) {
            return false;
        }
        Flowproof.client = client;
        return true;
    }

    /** The process-wide client, if {@link #initialize} was called. */
    public static Optional<FlowproofClient> client() {
        return Optional.ofNullable(client);
    }

    /** See {@link FlowproofClient#ensure}. */
    public static void ensure(Ensure event) {
        FlowproofClient c = client;
        if (c != null) {
            c.ensure(event);
        }
    }

    /** See {@link FlowproofClient#act(String, String, String, Object)}. */
    public static void act(String id, String flow, String runId, Object data) {
        FlowproofClient c = client;
        if (c != null) {
            c.act(id, flow, runId, data);
        }
    }

    /** See {@link FlowproofClient#act(String, String, Supplier, Object)}. */
    public static void act(String id, String flow, Supplier<String> runId, Object data) {
        FlowproofClient c = client;
        if (c != null) {
            c.act(id, flow, runId, data);
        }
    }

    /** See {@link FlowproofClient#act(Ensure)}. */
    public static void act(Ensure event) {
        FlowproofClient c = client;
        if (c != null) {
            c.act(event);
        }
    }

    /** See {@link FlowproofClient#assertThat(String, String, String, Object, Expr)}. */
    public static void assertThat(String id, String flow, String runId, Object data, Expr validator) {
        FlowproofClient c = client;
        if (c != null) {
            c.assertThat(id, flow, runId, data, validator);
        }
    }

    /** See {@link FlowproofClient#assertThat(String, String, Supplier, Object, Expr)}. */
    public static void assertThat(String id, String flow, Supplier<String> runId, Object data, Expr validator) {
        FlowproofClient c = client;
        if (c != null) {
            c.assertThat(id, flow, runId, data, validator);
        }
    }

    /** See {@link FlowproofClient#assertThat(Ensure)}. */
    public static void assertThat(Ensure event) {
        FlowproofClient c = client;
        if (c != null) {
            c.assertThat(event);
        }
    }

    /** See {@link FlowproofClient#flush}; {@code true} when not initialised. */
    public static boolean flush(Duration timeout) {
        FlowproofClient c = client;
        return c == null || c.flush(timeout);
    }

    /** See {@link FlowproofClient#shutdown}; afterwards {@link #initialize} starts a new client. */
    public static boolean shutdown(Duration timeout) {
        FlowproofClient c = client;
        return c == null || c.shutdown(timeout);
    }
}
