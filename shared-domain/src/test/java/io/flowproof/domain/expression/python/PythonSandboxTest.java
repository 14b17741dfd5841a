package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.expression.CompiledExpression;
import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.ExpressionLimitException;
import io.flowproof.domain.expression.ExpressionSyntaxException;
import io.flowproof.domain.expression.Expressions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scripts cannot reach the host, cannot run forever, cannot allocate without bound, cannot overflow the stack. */
class PythonSandboxTest {

    private static final Map<String, Object> CTX = Map.of("deps", List.of());

    private final PythonExpressionEngine engine = new PythonExpressionEngine();

    /** Mutable on purpose: proves the engine, not Java immutability, keeps inputs unchanged. */
    private static Map<String, Object> mutableData() {
        Map<String, Object> nested = new HashMap<>(Map.of("k", new ArrayList<>(List.of("v"))));
        return new HashMap<>(Map.of("items", new ArrayList<>(List.of(1L, 2L)), "nested", nested));
    }

    private Object run(String script) {
        return engine.compile(script, Expressions.PREDICATE_VARIABLES).evaluate(mutableData(), CTX);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "for x in range(10**12): pass",
        "while True:\n    pass",
        "while True:\npass",
        "n = 0\nwhile True:\n    n += 1",
        "sum(range(10**12))",
        "any(x < 0 for x in range(10**12))",
        "[x for x in range(10**12)]",
        "s = 'x' * 999999\nfor i in range(10**9):\n    t = s.upper()",
        "s = ''\nwhile True:\n    s = s + 'x'",
        "xs = list(range(999999))\nwhile True:\n    ys = sorted(xs)",
    })
    void stopsEndlessOrHugeLoopsWithinMilliseconds(String script) {
        CompiledExpression compiled = engine.compile(script, Expressions.PREDICATE_VARIABLES);
        Map<String, Object> data = mutableData();

        long start = System.nanoTime();
        assertThatThrownBy(() -> compiled.evaluate(data, CTX)).isInstanceOf(ExpressionLimitException.class);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("limit hit after %d ms: %s%n", elapsedMs, script.replace("\n", "\\n"));
        assertThat(elapsedMs).isLessThan(1_000);
    }

    @Test
    void stopsByTheClockWhenStepsWouldAllowMore() {
        PythonExpressionEngine clocked = new PythonExpressionEngine(Long.MAX_VALUE, Duration.ofMillis(30));

        long start = System.nanoTime();
        assertThatThrownBy(() -> clocked.compile("while True:\n    pass", List.of()).evaluate())
                .isInstanceOf(ExpressionLimitException.class)
                .hasMessage("time limit exceeded: the script ran longer than 30 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(25L, 1_000L);
    }

    @Test
    void countsStepsDeterministically() {
        PythonExpressionEngine small = new PythonExpressionEngine(10_000, Duration.ofSeconds(10));

        assertThat(small.compile("sum(1 for x in range(5000))", List.of()).evaluate()).isEqualTo(5000L);
        assertThatThrownBy(() -> small.compile("sum(1 for x in range(20000))", List.of()).evaluate())
                .isInstanceOf(ExpressionLimitException.class)
                .hasMessageStartingWith("step limit exceeded");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'a' * 10**10",
        "[0] * 10**9",
        "'x' * 10**6 * 10**6",
        "(0,) * 10**7",
        "'x' * 999999 + 'yy'",
        "2 ** 10**9",
        "10 ** 10 ** 10",
        "1 << 10**7",
        "list(range(10**7))",
        "sorted(range(2 * 10**6))",
        "'{:>2000000}'.format('x')",
        "str([1] * 999999)",
        "'ab'.replace('', 'x' * 999999)",
    })
    void refusesToBuildHugeValues(String script) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> run(script)).isInstanceOf(ExpressionLimitException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void limitsRecursion() {
        assertThatThrownBy(() -> run("def f(n):\n    return f(n + 1)\nreturn f(0)"))
                .isInstanceOf(ExpressionLimitException.class)
                .hasMessageContaining("maximum recursion depth exceeded");
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 100_000})
    void refusesDeeplyNestedScriptsAtCompileTime(int depth) {
        List<String> scripts = List.of(
                "(".repeat(depth) + "1" + ")".repeat(depth),
                "[".repeat(depth) + "]".repeat(depth),
                "-".repeat(depth) + "1",
                "not ".repeat(depth) + "True",
                "data" + " + data".repeat(depth),
                "data" + "['k']".repeat(depth),
                "x" + " if x else x".repeat(depth),
                "2" + " ** 2".repeat(depth),
                "if True:\n".repeat(depth) + "pass",
                "lambda: ".repeat(depth) + "1");
        for (String script : scripts) {
            assertThatThrownBy(() -> engine.compile(script, Expressions.PREDICATE_VARIABLES))
                    .as(script.substring(0, 20))
                    .isInstanceOf(ExpressionSyntaxException.class);
        }
    }

    @Test
    void acceptsReasonableNesting() {
        assertThat(run("(".repeat(50) + "1" + ")".repeat(50))).isEqualTo(1L);
        assertThat(run("x = 1\nreturn x" + " + x".repeat(200))).isEqualTo(201L);
        assertThat(run("1" + " + 1".repeat(100_000))).isEqualTo(100_001L); // folded at compile time
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "data.__class__",
        "().__class__.__bases__[0].__subclasses__()",
        "__import__('os').system('id')",
        "__builtins__",
        "data._private",
        "(lambda: 0).__globals__",
        "getattr(data, 'keys')",
        "open('/etc/passwd').read()",
        "eval('1')",
        "exec('x = 1')",
        "compile('1', '', 'eval')",
        "globals()",
        "vars()",
        "type(data)",
        "breakpoint()",
        "input()",
        "print(1)",
        "System.exit(0)",
        "java.lang.Runtime.getRuntime()",
        "import os",
        "from os import path",
        "import subprocess; subprocess.run(['id'])",
        "data.keys.__self__",
        "'{0.__class__}'.format(data)",
        "f'{data.__class__}'",
    })
    void cannotReachTheHost(String script) {
        assertThatThrownBy(() -> run(script)).isInstanceOf(ExpressionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "data['items'].append(3)",
        "data['nested']['k'].pop()",
        "data.update({'a': 1})",
        "data.setdefault('a', 1)",
        "data['x'] = 1",
        "data['items'][0] = 9",
        "data['items'] += [3]",
        "x = data['items']\nx += [3]\nreturn x",
        "data['items'].sort(reverse=True)",
        "data['nested'].clear()",
    })
    void neverChangesTheInput(String script) {
        Map<String, Object> data = mutableData();
        Map<String, Object> before = mutableData();
        try {
            engine.compile(script, Expressions.PREDICATE_VARIABLES).evaluate(data, CTX);
        } catch (ExpressionException expected) {
            assertThat(expected.getMessage()).startsWith("TypeError: ");
        }

        assertThat(data).isEqualTo(before);
    }

    @Test
    void evaluatesOneCompiledScriptFromManyThreads() throws Exception {
        CompiledExpression compiled = engine.compile("""
                total = 0
                for i in data["items"]:
                    total += i
                return total == data["expected"] and [x * 2 for x in data["items"]][-1] == 2 * data["items"][-1]""",
                Expressions.PREDICATE_VARIABLES);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int passed = 0;
                    for (int i = 0; i < 5_000; i++) {
                        long n = thread * 1000L + i % 50;
                        Map<String, Object> data = Map.of("items", List.of(n, n + 1, n + 2), "expected", 3 * n + 3);
                        if (Boolean.TRUE.equals(compiled.evaluate(data, CTX))) {
                            passed++;
                        }
                    }
                    return passed;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(5_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
