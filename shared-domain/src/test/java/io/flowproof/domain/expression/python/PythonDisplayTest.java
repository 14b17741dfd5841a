package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code display(x)} is Python's {@code str(x)}, used for run ids. */
class PythonDisplayTest {

    private final PythonExpressionEngine engine = new PythonExpressionEngine();

    static Stream<Arguments> javaValues() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("b", 1L);
        ordered.put("a", Arrays.asList(true, null, "x'y"));
        return Stream.of(
                Arguments.of(true, "True"),
                Arguments.of(false, "False"),
                Arguments.of(null, "None"),
                Arguments.of(123L, "123"),
                Arguments.of(7, "7"),
                Arguments.of(new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890"),
                Arguments.of("plain text", "plain text"),
                Arguments.of(List.of(1L, "a"), "[1, 'a']"),
                Arguments.of(Map.of("a", 1L), "{'a': 1}"),
                Arguments.of(ordered, "{'b': 1, 'a': [True, None, \"x'y\"]}"),
                Arguments.of(List.of(List.of(), Map.of()), "[[], {}]"),
                Arguments.of(List.of("tab\there", "new\nline", "back\\slash"), "['tab\\there', 'new\\nline', 'back\\\\slash']"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("javaValues")
    void showsJavaValuesLikePythonStr(Object value, String expected) {
        assertThat(engine.display(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " -> ", textBlock = """
            1.5 -> 1.5
            1.0 -> 1.0
            100.0 -> 100.0
            1e16 -> 1e+16
            1.5e16 -> 1.5e+16
            9999999999999998.0 -> 9999999999999998.0
            1e15 -> 1000000000000000.0
            1234567.0 -> 1234567.0
            0.0001 -> 0.0001
            0.00001 -> 1e-05
            1.5e-7 -> 1.5e-07
            0.1 -> 0.1
            0.30000000000000004 -> 0.30000000000000004
            -2.5 -> -2.5
            -0.0 -> -0.0
            1e100 -> 1e+100
            1.7976931348623157e308 -> 1.7976931348623157e+308
            5e-324 -> 5e-324
            2.82879384806159e17 -> 2.82879384806159e+17
            8.41e21 -> 8.41e+21
            123456789.125 -> 123456789.125
            Infinity -> inf
            -Infinity -> -inf
            NaN -> nan
            """)
    void showsFloatsWithPythonsShortestRepr(double value, String expected) {
        assertThat(engine.display(value)).isEqualTo(expected);
    }
}
