package io.flowproof.domain.expression;

import java.util.List;

/**
 * One expression language. Implementations are thread-safe and stateless between evaluations:
 * {@link #compile} is called once per (script, variables) and the result is cached and shared
 * by many threads.
 *
 * <h2>Values</h2>
 * Variables and results are JSON-like Java values: {@code Map<String,Object>} (insertion ordered),
 * {@code List<Object>}, {@code String}, {@code Boolean}, {@code Long}, {@code Double},
 * {@code java.math.BigInteger} (integers beyond 64 bits, rare) and {@code null}.
 * Engines must never mutate the values they are given.
 */
public interface ExpressionEngine {

    Engine engine();

    /**
     * Parses/compiles a script.
     *
     * @param script the source text exactly as the SDK or YAML sent it
     * @param variables the names in scope, in positional order (e.g. {@code ["data","ctx"]} for filters
     *     and validators, {@code ["input","output"]} for run-id extractors); a script that is a whole
     *     function (JS {@code function f(data, ctx) {...}}) is called with these values in this order
     * @throws ExpressionSyntaxException when the script cannot be compiled; the message names the position
     */
    CompiledExpression compile(String script, List<String> variables);

    /**
     * Turns a result value into text the way the language would ({@code str(x)} in Python,
     * {@code String(x)} in JS). Used for run-id extraction.
     */
    default String display(Object value) {
        return String.valueOf(value);
    }
}
