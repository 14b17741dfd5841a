package io.flowproof.domain.expression.js;

import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.ExpressionEngine;
import io.flowproof.domain.expression.ExpressionSyntaxException;
import java.util.List;
import java.util.Objects;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Script;

/**
 * JavaScript filters, validators and run-id extractors on Mozilla Rhino 1.9.2 (ES6 language level, compiled
 * to JVM bytecode, sandboxed).
 *
 * <h2>Script forms</h2>
 * Decided by parsing, never by looking for substrings (see {@link JsSource}):
 * <ul>
 *   <li>a bare expression: {@code data.amount > 100};</li>
 *   <li>a function body with statements and {@code return}: {@code const n = data.items.length;\n return n === 2};</li>
 *   <li>a whole function, called with the variables in order: {@code function check(data, ctx) { ... }},
 *       {@code function (d, c) { ... }}, {@code (data, ctx) => ...}, {@code data => ...}.
 *       {@code async} functions are rejected at compile time.</li>
 * </ul>
 * This fixes the two bugs of the original evaluator: a {@code function} script is now called (not just
 * declared), and the word "return" inside a string or a name ({@code data.returned === true}) no longer
 * turns an expression into a body that returns {@code undefined}.
 *
 * <h2>Language</h2>
 * What Rhino 1.9.2 supports: {@code let/const}, arrows, template literals, destructuring, default
 * parameters, array and object spread, {@code ?.}, {@code ??}, {@code for...of}, regex literals (named
 * groups), {@code Map/Set}, {@code Object.entries}, {@code Array.prototype.includes/flat/find}, BigInt.
 * {@code for (const x of xs)} and {@code for (const k in o)} are rewritten to {@code let} before compiling.
 * <b>Not supported</b> (syntax error naming the position): {@code class}, spread in call arguments
 * ({@code f(...xs)}; use {@code f.apply(null, xs)}), {@code async/await}. A script using the
 * parameter names of minified code ({@code e.amount > 0}) fails with a {@code ReferenceError}.
 * Typed arrays and {@code ArrayBuffer} are not available.
 *
 * <h2>Values</h2>
 * Inputs are copied into plain JS objects for each call, results converted back (see {@link JsValues}):
 * integral numbers come back as {@code Long}, others as {@code Double}, {@code undefined} as {@code null}.
 *
 * <h2>Sandbox and determinism</h2>
 * No Java access, a sealed shared standard library, a fresh global object per call, an instruction
 * budget, an allocation budget and size guards on allocating built-ins (see {@link JsSandbox}); hitting
 * one ends in {@link io.flowproof.domain.expression.ExpressionLimitException}, deep recursion too.
 * {@code Math.random()}, {@code Date.now()} and {@code new Date()} are left as in standard JS (and as in the
 * original evaluator): a script that uses them is not deterministic, by its author's choice. The legacy
 * {@code RegExp.$1} statics live in the per-call context, so nothing leaks between evaluations.
 *
 * <h2>Speed and threads</h2>
 * Compiled once (Rhino's bytecode mode); each evaluation enters a new, cheap Rhino context on the
 * calling thread, so a {@link CompiledExpression} can be evaluated by many threads at once.
 */
public final class JsExpressionEngine implements ExpressionEngine {

    private final JsSandbox sandbox = new JsSandbox();

    public JsExpressionEngine() {
        // the shared standard scope is built and sealed once per engine
    }

    @Override
    public Engine engine() {
        return Engine.JS;
    }

    @Override
    public CompiledExpression compile(String script, List<String> variables) {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(variables, "variables");
        JsSource source = JsSource.of(script, variables);
        Context cx = sandbox.enterBudget();
        try {
            Script compiled = cx.compileString(source.wrapped(), "expression", 0, null);
            return new JsProgram(sandbox, compiled, variables.size());
        } catch (EvaluatorException e) {
            throw JsSource.syntaxError(e);
        } catch (StackOverflowError e) {
            throw new ExpressionSyntaxException("the script is nested too deeply to compile (line 1, column 1)", e);
        } finally {
            Context.exit();
        }
    }

    @Override
    public String display(Object value) {
        return JsValues.display(value);
    }
}
