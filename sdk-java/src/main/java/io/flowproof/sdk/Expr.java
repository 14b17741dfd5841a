package io.flowproof.sdk;

/**
 * A filter or validator expression, sent to the backend as {@code {"engine":"cel","script":"..."}} and evaluated
 * there with {@code data} (this event's data) and {@code ctx} ({@code ctx.deps}: the upstream events,
 * {@code ctx.data}: the single upstream event's data when there is exactly one).
 *
 * <p>CEL is Flowproof's own expression language; {@link #python} and {@link #js} exist for flows shared with the
 * Python and JS SDKs. The SDK does not parse the script: a syntax error shows up in the evaluation, not here.
 * Nothing in this type throws; an expression without engine or script makes {@code ensure} drop the event.
 */
public record Expr(Engine engine, String script) {

    /** The engine the backend runs the script with. */
    public enum Engine {
        CEL("cel"), PYTHON("python"), JS("js");

        private final String wireName;

        Engine(String wireName) {
            this.wireName = wireName;
        }

        /** The value of the {@code engine} key on the wire. */
        public String wireName() {
            return wireName;
        }
    }

    /** A CEL expression, e.g. {@code Expr.cel("data.amount > 0 && ctx.data.currency == data.currency")}. */
    public static Expr cel(String script) {
        return new Expr(Engine.CEL, script);
    }

    /** A Python expression, as the Python SDK sends it, e.g. {@code Expr.python("data[\"amount\"] > 0")}. */
    public static Expr python(String script) {
        return new Expr(Engine.PYTHON, script);
    }

    /** A JavaScript expression or function, as the JS SDK sends it, e.g. {@code Expr.js("data.amount > 0")}. */
    public static Expr js(String script) {
        return new Expr(Engine.JS, script);
    }

    boolean isUsable() {
        return engine != null && script != null && !script.isBlank();
    }
}
