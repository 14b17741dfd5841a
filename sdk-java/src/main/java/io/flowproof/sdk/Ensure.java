package io.flowproof.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one {@code ensure} call reports: a node ({@code id}) of a {@code flow} reached in run {@code runId}, with its
 * {@code data} and, the first time the backend sees the node, its definition (dependencies, filter, validator,
 * conditions). The event type is {@code assert} when a validator is set and {@code act} otherwise.
 *
 * <pre>{@code
 * Flowproof.ensure(Ensure.node("payment_charged")
 *         .flow("checkout")
 *         .runId(order.id())
 *         .data(Map.of("amount", order.total(), "status", "succeeded"))
 *         .depIds("order_placed")
 *         .validator(Expr.cel("data.amount == ctx.data.amount"))
 *         .timeout(Duration.ofSeconds(10)));
 * }</pre>
 *
 * <p>A plain, mutable, not thread-safe builder: fill it and pass it to {@code ensure}, which takes what it needs
 * right away, so the builder can be reused afterwards. No method here throws; missing or bad values are reported
 * (logged once, counted) and the event dropped when {@code ensure} is called.
 *
 * <p>{@code data} and {@code additionalMeta} are <b>serialised later, on the SDK's sender thread</b> (that is
 * what keeps {@code ensure} cheap): do not mutate them after the call. Pass an immutable map ({@code Map.of}) or a
 * record where you can.
 */
public final class Ensure {

    String id;
    String flow;
    String runId;
    Supplier<String> runIdSupplier;
    Object data;
    Object depIds; // String[] or Collection<?>, copied when ensure is called
    Expr filter;
    Expr validator;
    String description;
    List<Condition> conditions;
    Map<String, ?> additionalMeta;

    private Ensure() {
    }

    /** An empty builder; set at least {@link #id}, {@link #flow}, {@link #runId} and {@link #data}. */
    public static Ensure builder() {
        return new Ensure();
    }

    /** A builder for node {@code id}. */
    public static Ensure node(String id) {
        return new Ensure().id(id);
    }

    /** The node id (the wire's {@code id}); unique within the flow. */
    public Ensure id(String id) {
        this.id = id;
        return this;
    }

    /** The flow the node belongs to. */
    public Ensure flow(String flow) {
        this.flow = flow;
        return this;
    }

    /** The run this event belongs to (an order id, a trace id...). */
    public Ensure runId(String runId) {
        this.runId = runId;
        this.runIdSupplier = null;
        return this;
    }

    /**
     * The run id, computed when {@code ensure} is called, on the calling thread (so a supplier reading a thread-local
     * trace context works). A supplier that throws or returns a blank value makes the event invalid.
     */
    public Ensure runId(Supplier<String> runId) {
        this.runIdSupplier = runId;
        this.runId = null;
        return this;
    }

    /**
     * The event data: a {@code Map<String, ?>} or any object Jackson serialises to a JSON object (a record, a bean).
     * Lists, strings, numbers and other non-objects are invalid (the backend requires an object).
     */
    public Ensure data(Object data) {
        this.data = data;
        return this;
    }

    /** The ids of the nodes this node depends on (its upstream nodes in the same flow). */
    public Ensure depIds(String... depIds) {
        this.depIds = depIds;
        return this;
    }

    /** The ids of the nodes this node depends on. */
    public Ensure depIds(Collection<String> depIds) {
        this.depIds = depIds;
        return this;
    }

    /** Evaluated by the backend per event; events for which it is not {@code true} are ignored. */
    public Ensure filter(Expr filter) {
        this.filter = filter;
        return this;
    }

    /** Evaluated by the backend per event; makes this an {@code assert} node. */
    public Ensure validator(Expr validator) {
        this.validator = validator;
        return this;
    }

    /** A human-readable description of the node. */
    public Ensure description(String description) {
        this.description = description;
        return this;
    }

    /** Replaces the node's conditions. */
    public Ensure conditions(Condition... conditions) {
        this.conditions = conditions == null ? null : new ArrayList<>(java.util.Arrays.asList(conditions));
        return this;
    }

    /** Replaces the node's conditions. */
    public Ensure conditions(Collection<Condition> conditions) {
        this.conditions = conditions == null ? null : new ArrayList<>(conditions);
        return this;
    }

    /** Adds a timeout condition ({@code {"timeout_ms": ...}}). */
    public Ensure timeout(Duration timeout) {
        if (conditions == null) {
            conditions = new ArrayList<>(1);
        }
        conditions.add(Condition.timeout(timeout));
        return this;
    }

    /** Free-form metadata stored with the node (the wire's {@code additional_meta}). */
    public Ensure additionalMeta(Map<String, ?> additionalMeta) {
        this.additionalMeta = additionalMeta;
        return this;
    }

    @Override
    public String toString() {
        return "Ensure[flow=" + flow + ", id=" + id + "]";
    }
}
