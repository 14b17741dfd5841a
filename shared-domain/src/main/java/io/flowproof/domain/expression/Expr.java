package io.flowproof.domain.expression;

import java.util.Objects;

/** An expression as stored and sent on the wire: {@code {"engine":"python","script":"..."}}. */
public record Expr(Engine engine, String script) {

    public Expr {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(script, "script");
    }

    public static Expr python(String script) {
        return new Expr(Engine.PYTHON, script);
    }

    public static Expr js(String script) {
        return new Expr(Engine.JS, script);
    }

    public static Expr cel(String script) {
        return new Expr(Engine.CEL, script);
    }
}
