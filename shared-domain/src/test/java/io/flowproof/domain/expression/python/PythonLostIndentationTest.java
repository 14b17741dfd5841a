package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block rules for scripts whose indentation the SDK stripped ({@link LostIndentation}). Each row is a
 * flat script (lines separated by {@code /}) and the level the rules give each line.
 */
class PythonLostIndentationTest {

    private static String levels(String flatScript) {
        int[] levels = LostIndentation.levels(Lexer.logicalLines(flatScript.replace(" / ", "\n")));
        return Arrays.stream(levels).mapToObj(String::valueOf).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', textBlock = """
            x = 1 / return x => 0 0
            if a: / return 1 / return 2 => 0 1 0
            for i in xs: / total += i / return total => 0 1 0
            for d in deps: / if d: / return True / return False => 0 1 2 0
            for i in xs: / if i < 0: / continue / total += i / return total => 0 1 2 1 0
            for i in xs: / if i: / a += 1 / else: / b += 1 / return a => 0 1 2 1 2 0
            if a: / x = 1 / elif b: / x = 2 / else: / x = 3 / return x => 0 1 0 1 0 1 0
            if a: / return 1 / elif b: / return 2 / return 3 => 0 1 0 1 0
            for i in xs: / if i: / if j: / return 1 / return 2 / return 3 => 0 1 2 3 2 0
            while True: / n += 1 / if n > 5: / break / return n => 0 1 1 2 0
            if a: / pass / x = 1 => 0 1 0
            if a: / y = 1 / z = 2 => 0 1 1
            if a: return 1 / else: return 2 / x = 1 => 0 0 0
            def f(data, ctx): / if data: / return 1 / return 2 => 0 1 2 1
            """, ignoreLeadingAndTrailingWhitespace = true)
    void placesEachLineInItsBlock(String flatScript, String expectedLevels) {
        assertThat(levels(flatScript)).isEqualTo(expectedLevels);
    }
}
