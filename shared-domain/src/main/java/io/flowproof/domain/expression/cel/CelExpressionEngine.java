package io.flowproof.domain.expression.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.ExpressionEngine;
import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.ExpressionSyntaxException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flowproof's native expression language, Google's Common Expression Language.
 *
 * <p>Every variable is declared {@code dyn}, so {@code data.amount > 100}, {@code has(data.coupon)},
 * {@code ctx.deps.exists(d, d.id == "a")} and the optional syntax {@code data.?x.orValue(0)} all work.
 * Integers and doubles compare with each other ({@code data.count > 6.5}). Comprehensions are bounded
 * to 10,000 iterations, which with CEL's lack of loops bounds every evaluation.
 */
public final class CelExpressionEngine implements ExpressionEngine {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(10_000)
            .build();

    private final Map<List<String>, Cel> environments = new ConcurrentHashMap<>();

    @Override
    public Engine engine() {
        return Engine.CEL;
    }

    @Override
    public CompiledExpression compile(String script, List<String> variables) {
        Cel cel = environments.computeIfAbsent(List.copyOf(variables), CelExpressionEngine::environment);
        CelRuntime.Program program;
        try {
            CelValidationResult compiled = cel.compile(script);
            if (compiled.hasError()) {
                // Only the first error: CEL's own exception message renders up to 100 errors, each with the whole source
                // line, so a long one-line script full of errors cost 100 x its length (tens of MB for a 64 KB script).
                throw new ExpressionSyntaxException(firstLine(compiled.getErrors().get(0).toDisplayString(compiled.getSource())));
            }
            program = cel.createProgram(compiled.getAst());
        } catch (CelValidationException e) {
            throw new ExpressionSyntaxException(firstLine(e.getMessage()), e);
        } catch (CelEvaluationException e) {
            throw new ExpressionSyntaxException(firstLine(e.getMessage()), e);
        }
        String[] names = variables.toArray(String[]::new);
        return arguments -> evaluate(program, names, arguments);
    }

    @Override
    public String display(Object value) {
        if (value == null || value instanceof NullValue) {
            return "null";
        }
        return String.valueOf(value);
    }

    private static Object evaluate(CelRuntime.Program program, String[] names, Object[] arguments) {
        Map<String, Object> activation = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            activation.put(names[i], i < arguments.length ? toCel(arguments[i]) : NullValue.NULL_VALUE);
        }
        try {
            return fromCel(program.eval(activation));
        } catch (CelEvaluationException e) {
            throw new ExpressionException(firstLine(e.getMessage()), e);
        }
    }

    private static Cel environment(List<String> variables) {
        var builder = CelFactory.standardCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.math(OPTIONS))
                .addRuntimeLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.math(OPTIONS))
                .setOptions(OPTIONS);
        for (String name : variables) {
            builder.addVar(name, SimpleType.DYN);
        }
        return builder.build();
    }

    /**
     * CEL knows Long and Double but not Integer, Float or BigInteger: widen the few values that are
     * not already in CEL's shapes. Maps and lists already in shape are passed through untouched.
     */
    private static Object toCel(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object converted = toCel(entry.getValue());
                if (converted != entry.getValue() && copy == null) {
                    copy = new LinkedHashMap<>(map);
                }
                if (copy != null) {
                    copy.put(entry.getKey(), converted);
                }
            }
            return copy == null ? map : copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                Object converted = toCel(element);
                if (converted != element && copy == null) {
                    copy = new ArrayList<>(list);
                }
                if (copy != null) {
                    copy.set(i, converted);
                }
            }
            return copy == null ? list : copy;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : big.doubleValue();
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.doubleValue();
        }
        return value;
    }

    private static Object fromCel(Object value) {
        if (value instanceof NullValue) {
            return null;
        }
        return value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid expression";
        }
        return message.strip();
    }
}
