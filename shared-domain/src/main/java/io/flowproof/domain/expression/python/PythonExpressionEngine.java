package io.flowproof.domain.expression.python;

import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.ExpressionEngine;
import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.ExpressionLimitException;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Objects;

/**
 * A sandboxed interpreter for the Python subset that Business-Use filters, validators and run-id
 * extractors are written in (see {@code contract/expressions.md}). Written from scratch: no Python
 * runtime, no scripting library, no reflection.
 *
 * <h2>Scripts</h2>
 * <ul>
 *   <li>A single expression ({@code data['amount'] > 100}) returns its value.</li>
 *   <li>Statements ({@code def} bodies sent by the SDK): assignments (also {@code a, b = ...} and
 *       {@code +=}), {@code if/elif/else}, {@code for} and {@code while} (with {@code break}/{@code continue}
 *       and {@code else}), {@code return}, {@code pass}, {@code assert}, nested {@code def}. The script returns
 *       the value of its {@code return}, or None. Indentation is honoured when present; when the SDK has
 *       stripped it, {@link LostIndentation} rebuilds the blocks (its Javadoc lists the rules).</li>
 *   <li>A whole function: {@code lambda data, ctx: ...} or {@code def check(data, ctx): ...} is called with
 *       the variables in order (a function with fewer parameters gets the first ones).</li>
 * </ul>
 * Expressions: literals (ints of any size, floats, strings with all quote styles, escapes and f-strings,
 * lists, tuples, dicts, sets), arithmetic with Python semantics, chained comparisons, {@code and/or/not}
 * returning operands, {@code in}, {@code is}, conditional expressions, subscripts and slices, methods of
 * str/dict/list/set, comprehensions, generator expressions, lambdas, and the builtins of {@link Builtin}.
 *
 * <h2>Sandbox</h2>
 * Scripts see only their variables and the builtins; there is no way to reach Java: names and attributes
 * starting with {@code __} (and attributes starting with {@code _}) are rejected at compile time,
 * {@code import} is a syntax error, and {@code open}, {@code eval}, {@code exec}, {@code getattr},
 * {@code print} are simply not defined (NameError). Evaluation is deterministic and bounded: a step budget
 * (loop iterations, elements consumed, calls, and bulk work in proportion to its size), a wall-clock limit,
 * at most {@value Py#MAX_SIZE} elements or characters per value, ints of at most {@value Py#MAX_INT_BITS}
 * bits, at most {@value #MAX_CALL_DEPTH} nested calls, and bounded nesting at compile time. Inputs are never
 * mutated: lists, dicts and sets from the input are read-only inside the script.
 *
 * <h2>Deviations from CPython, on purpose</h2>
 * <ul>
 *   <li>The builtins Flowproof adds ({@code abs all any round sorted isinstance list dict set tuple range
 *       enumerate zip ...}) exist; {@code randint}/{@code random} do not (not deterministic).</li>
 *   <li>Generator expressions can read every enclosing variable anywhere (CPython only in the first
 *       iterable), like comprehensions do since CPython 3.12.</li>
 *   <li>{@code dict.keys()/values()/items()} return lists (not views); sets keep insertion order; strings are
 *       indexed by UTF-16 unit (differs only for characters outside the BMP, e.g. emoji).</li>
 *   <li>Input containers are read-only: {@code data['items'].append(1)} is a TypeError.</li>
 *   <li>{@code is} compares None, bools, numbers and strings by value (CPython: by identity, which for
 *       small ints and interned strings gives the same answer).</li>
 *   <li>Not supported: classes, try/except, with, import, global/nonlocal, *args/**kwargs, walrus, bytes,
 *       complex numbers.</li>
 * </ul>
 *
 * <h2>Speed</h2>
 * A script is parsed once into a tree of nodes ({@link Nodes}) with names resolved to slots; evaluating it
 * allocates one small frame. Compiled scripts are immutable and safe to evaluate from many threads.
 */
public final class PythonExpressionEngine implements ExpressionEngine {

    static final int MAX_CALL_DEPTH = 50;
    static final long DEFAULT_MAX_STEPS = 1_000_000;
    static final Duration DEFAULT_TIME_LIMIT = Duration.ofMillis(50);

    private final long maxSteps;
    private final long timeLimitNanos;

    public PythonExpressionEngine() {
        this(DEFAULT_MAX_STEPS, DEFAULT_TIME_LIMIT);
    }

    PythonExpressionEngine(long maxSteps, Duration timeLimit) {
        this.maxSteps = maxSteps;
        this.timeLimitNanos = timeLimit.toNanos();
    }

    @Override
    public Engine engine() {
        return Engine.PYTHON;
    }

    @Override
    public CompiledExpression compile(String script, List<String> variables) {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(variables, "variables");
        Parser.Program program = Parser.parse(script, variables);
        return new Compiled(program, variables.size(), maxSteps, timeLimitNanos);
    }

    @Override
    public String display(Object value) {
        return Repr.str(value);
    }

    private static final class Compiled implements CompiledExpression {
        private final Parser.Program program;
        private final int variableCount;
        private final long maxSteps;
        private final long timeLimitNanos;

        Compiled(Parser.Program program, int variableCount, long maxSteps, long timeLimitNanos) {
            this.program = program;
            this.variableCount = variableCount;
            this.maxSteps = maxSteps;
            this.timeLimitNanos = timeLimitNanos;
        }

        @Override
        public Object evaluate(Object... arguments) {
            Object[] args = arguments == null ? new Object[0] : arguments;
            Frame f = new Frame(program.slotCount(), maxSteps, timeLimitNanos, MAX_CALL_DEPTH);
            Object[] slots = f.slots;
            for (int i = 0; i < slots.length; i++) {
                slots[i] = i < variableCount ? (i < args.length ? args[i] : null) : Frame.UNBOUND;
            }
            try {
                return Results.export(run(f));
            } catch (ExpressionException e) {
                throw e;
            } catch (StackOverflowError e) {
                throw new ExpressionLimitException("maximum recursion depth exceeded");
            } catch (ConcurrentModificationException e) {
                throw new ExpressionException("RuntimeError: a collection changed size during iteration");
            } catch (RuntimeException e) {
                throw new ExpressionException("the script failed: " + e.getClass().getSimpleName(), e);
            }
        }

        private Object run(Frame f) {
            switch (program.kind()) {
                case Parser.Program.EXPRESSION:
                    return program.expression().eval(f);
                case Parser.Program.CALL: {
                    Nodes.Lambda lambda = (Nodes.Lambda) program.expression();
                    int count = Math.min(variableCount, lambda.code.paramSlots.length);
                    Object[] values = new Object[count];
                    System.arraycopy(f.slots, 0, values, 0, count);
                    return ((PyFunction) lambda.eval(f)).call(f, values, null);
                }
                default:
                    return program.statements().exec(f) == Nodes.Stmt.RETURN ? f.returnValue : null;
            }
        }
    }
}
