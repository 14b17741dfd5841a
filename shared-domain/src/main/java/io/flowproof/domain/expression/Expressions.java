package io.flowproof.domain.expression;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes expressions to their engine and caches compiled scripts by (engine, script, variables).
 * Never throws from {@link #test}: every failure becomes a failed {@link Verdict} with a readable detail.
 */
public final class Expressions {

    /** Variables of filters and validators, in positional order. */
    public static final List<String> PREDICATE_VARIABLES = List.of("data", "ctx");
    /** Variables of run-id extractors, in positional order. */
    public static final List<String> EXTRACTOR_VARIABLES = List.of("input", "output");

    private static final int MAX_CACHED = 20_000;
    private static final long MAX_CACHED_CHARS = 2_000_000;

    private final Map<Engine, ExpressionEngine> engines = new EnumMap<>(Engine.class);
    private final Map<Key, Compiled> cache = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong cachedChars = new java.util.concurrent.atomic.AtomicLong();

    public Expressions(List<ExpressionEngine> available) {
        for (ExpressionEngine engine : available) {
            engines.put(engine.engine(), engine);
        }
    }

    /** Evaluates a filter or validator with {@code data} and {@code ctx}. */
    public Verdict test(Expr expr, Map<String, Object> data, Map<String, Object> ctx) {
        Compiled compiled = compiled(expr, PREDICATE_VARIABLES);
        if (compiled.error != null) {
            return Verdict.fail(compiled.error);
        }
        Object result;
        try {
            result = compiled.program.evaluate(data, ctx);
        } catch (ExpressionException e) {
            return Verdict.fail(expr.engine().wireName() + " error: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return Verdict.fail(expr.engine().wireName() + " error: " + describe(e));
        }
        if (Boolean.TRUE.equals(result)) {
            return Verdict.pass();
        }
        if (Boolean.FALSE.equals(result)) {
            return Verdict.plainFalse();
        }
        return Verdict.fail("expression returned a non-boolean value: " + abbreviate(engines.get(expr.engine()).display(result)));
    }

    /**
     * Evaluates a run-id extractor with {@code input} and {@code output} and returns its result as text.
     *
     * @throws ExpressionException when the script fails, or its result is empty
     */
    public String extract(Expr expr, Object input, Object output) {
        Compiled compiled = compiled(expr, EXTRACTOR_VARIABLES);
        if (compiled.error != null) {
            throw new ExpressionException(compiled.error);
        }
        Object result;
        try {
            result = compiled.program.evaluate(input, output);
        } catch (ExpressionException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ExpressionException(describe(e), e);
        }
        String text = result instanceof String s ? s : engines.get(expr.engine()).display(result);
        if (text == null || text.isEmpty()) {
            throw new ExpressionException("the extractor returned an empty value");
        }
        return text;
    }

    /**
     * Checks that a script compiles.
     *
     * @return {@code null} when it does, else the reason (with position)
     */
    public String syntaxError(Expr expr, List<String> variables) {
        return compiled(expr, variables).error;
    }

    /** Whether an engine is installed. */
    public boolean supports(Engine engine) {
        return engines.containsKey(engine);
    }

    private Compiled compiled(Expr expr, List<String> variables) {
        Key key = new Key(expr.engine(), expr.script(), variables);
        Compiled hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        if (cache.size() >= MAX_CACHED || cachedChars.get() >= MAX_CACHED_CHARS) {
            // crude but bounded in entries and in source size (a compiled script costs a multiple of its length):
            // scripts are few in practice, this only guards against abuse such as many long distinct scripts
            cache.clear();
            cachedChars.set(0);
        }
        return cache.computeIfAbsent(key, k -> {
            cachedChars.addAndGet(k.script.length());
            return compile(k);
        });
    }

    private Compiled compile(Key key) {
        ExpressionEngine engine = engines.get(key.engine);
        if (engine == null) {
            return new Compiled(null, "the " + key.engine.wireName() + " expression engine is not available yet");
        }
        try {
            return new Compiled(engine.compile(key.script, key.variables), null);
        } catch (ExpressionException e) {
            return new Compiled(null, key.engine.wireName() + " syntax error: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new Compiled(null, key.engine.wireName() + " syntax error: " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private record Key(Engine engine, String script, List<String> variables) {}

    private record Compiled(CompiledExpression program, String error) {}
}
