package io.flowproof.domain.expression.js;

import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.ExpressionLimitException;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;

/**
 * One compiled script. The Rhino {@link Script} is immutable and shared; each evaluation enters a new
 * context, runs the script in a fresh top-level scope to get a new function object, and calls it.
 */
final class JsProgram implements CompiledExpression {

    private final JsSandbox sandbox;
    private final Script script;
    private final int arity;

    JsProgram(JsSandbox sandbox, Script script, int arity) {
        this.sandbox = sandbox;
        this.script = script;
        this.arity = arity;
    }

    @Override
    public Object evaluate(Object... arguments) {
        Context cx = sandbox.enterBudget();
        try {
            Scriptable scope = sandbox.newScope();
            Object[] args = new Object[arity];
            for (int i = 0; i < arity; i++) {
                args[i] = arguments != null && i < arguments.length ? JsValues.toJs(arguments[i], sandbox, scope) : null;
            }
            Object function = script.exec(cx, scope);
            if (!(function instanceof Function callable)) {
                throw new ExpressionException("the script is not a function");
            }
            return JsValues.toJava(callable.call(cx, scope, scope, args));
        } catch (LimitExceeded e) {
            throw new ExpressionLimitException(e.getMessage());
        } catch (StackOverflowError e) {
            throw new ExpressionLimitException("too much recursion");
        } catch (OutOfMemoryError e) {
            // last resort: a single allocation too large for the heap failed and is already garbage
            throw new ExpressionLimitException("the script allocated too much memory");
        } catch (EcmaError e) {
            throw new ExpressionException(e.getName() + ": " + e.getErrorMessage() + where(e), e);
        } catch (JavaScriptException e) {
            throw new ExpressionException("uncaught exception: " + e.details() + where(e), e);
        } catch (RhinoException e) {
            throw new ExpressionException(e.details() + where(e), e);
        } finally {
            Context.exit();
        }
    }

    private static String where(RhinoException e) {
        return e.lineNumber() > 0 ? " (line " + e.lineNumber() + ")" : "";
    }
}
