package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.ExpressionLimitException;
import io.flowproof.domain.expression.ExpressionSyntaxException;
import io.flowproof.domain.expression.Expressions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runtime errors carry Python's exception name and message; syntax errors name line and column. */
class PythonErrorsTest {

    private static final Map<String, Object> DATA = Map.of("amount", 150L, "items", List.of(1L, 2L));
    private static final Map<String, Object> CTX = Map.of("deps", List.of());

    private final PythonExpressionEngine engine = new PythonExpressionEngine();

    @ParameterizedTest(name = "{0}  raises  {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', textBlock = """
            data['missing'] => KeyError: 'missing'
            ctx['data']['amount'] => KeyError: 'data'
            {1: 'a'}[2] => KeyError: 2
            d['x'] => NameError: name 'd' is not defined
            [x for x in [1]] and x => NameError: name 'x' is not defined
            'x' > 1 => TypeError: '>' not supported between instances of 'str' and 'int'
            None < 1 => TypeError: '<' not supported between instances of 'NoneType' and 'int'
            data.get('none') >= 0 => TypeError: '>=' not supported between instances of 'NoneType' and 'int'
            [1] < 'a' => TypeError: '<' not supported between instances of 'list' and 'str'
            1 / 0 => ZeroDivisionError: division by zero
            1 // 0 => ZeroDivisionError: integer division or modulo by zero
            1 % 0 => ZeroDivisionError: integer modulo by zero
            1.0 / 0 => ZeroDivisionError: float division by zero
            [1][5] => IndexError: list index out of range
            'ab'[9] => IndexError: string index out of range
            (1,)[3] => IndexError: tuple index out of range
            'a' + 1 => TypeError: can only concatenate str (not "int") to str
            1 + 'a' => TypeError: unsupported operand type(s) for +: 'int' and 'str'
            [1] + (2,) => TypeError: can only concatenate list (not "tuple") to list
            'a' * 1.5 => TypeError: can't multiply sequence by non-int of type 'float'
            -'a' => TypeError: bad operand type for unary -: 'str'
            len(5) => TypeError: object of type 'int' has no len()
            int('abc') => ValueError: invalid literal for int() with base 10: 'abc'
            float('x') => ValueError: could not convert string to float: 'x'
            None['a'] => TypeError: 'NoneType' object is not subscriptable
            (5)() => TypeError: 'int' object is not callable
            'abc'.nope() => AttributeError: 'str' object has no attribute 'nope'
            data.amount => AttributeError: 'dict' object has no attribute 'amount'
            {}[[1]] => TypeError: unhashable type: 'list'
            [1, 2]['a'] => TypeError: list indices must be integers or slices, not str
            1 in 5 => TypeError: argument of type 'int' is not iterable
            1 in 'abc' => TypeError: 'in <string>' requires string as left operand, not int
            max([]) => ValueError: max() iterable argument is empty
            sum(['a']) => TypeError: unsupported operand type(s) for +: 'int' and 'str'
            (lambda x: x)() => TypeError: <lambda>() missing 1 required positional argument: 'x'
            print('x') => NameError: name 'print' is not defined
            randint(1, 2) => NameError: name 'randint' is not defined
            data['items'].append(3) => TypeError: the input list is read-only (copy it first: list(x))
            [1, 2].index(5) => ValueError: 5 is not in list
            """, ignoreLeadingAndTrailingWhitespace = true)
    void raisesPythonLikeRuntimeErrors(String script, String message) {
        assertThatThrownBy(() -> engine.compile(script, Expressions.PREDICATE_VARIABLES).evaluate(DATA, CTX))
                .isInstanceOf(ExpressionException.class)
                .isNotInstanceOf(ExpressionLimitException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}  fails to compile with  {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', textBlock = """
            data['amount'] > => invalid syntax at line 1, column 17
            data['amount'] >> > 1 => invalid syntax at line 1, column 19
            1 +* 2 => invalid syntax at line 1, column 4
            a b => invalid syntax at line 1, column 3
            data[ => '[' was never closed at line 1, column 5
            data] => unmatched ']' at line 1, column 5
            'abc => unterminated string literal at line 1, column 1
            import os => import statements are not allowed at line 1, column 1
            from os import path => import statements are not allowed at line 1, column 1
            x = (1 => '(' was never closed at line 1, column 5
            break => 'break' outside loop at line 1, column 1
            try: pass => 'try' is not supported at line 1, column 1
            class A: pass => 'class' is not supported at line 1, column 1
            012 => leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers at line 1, column 1
            1j => complex numbers are not supported at line 1, column 2
            a $ b => invalid character '$' (U+0024) at line 1, column 3
            (x := 1) => assignment expressions (:=) are not supported at line 1, column 4
            """, ignoreLeadingAndTrailingWhitespace = true)
    void reportsSyntaxErrorsWithLineAndColumn(String script, String message) {
        assertThatThrownBy(() -> engine.compile(script, Expressions.PREDICATE_VARIABLES))
                .isInstanceOf(ExpressionSyntaxException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', textBlock = """
            x = 1\\nif x\\n    return 1 => expected ':' at line 2, column 5
            if True:\\nreturn 1\\n  return 2 => expected an indented block after 'if' statement on line 1 at line 2, column 1
            x = 1\\n    y = 2 => unexpected indent at line 2, column 5
            x = 1\\n  y = 2\\n z = 3 => unindent does not match any outer indentation level at line 3, column 2
            def f(data, ctx):\\n    return (1 +\\n => '(' was never closed at line 2, column 12
            """, ignoreLeadingAndTrailingWhitespace = true)
    void reportsTheLineOfAnErrorInAMultiLineScript(String script, String message) {
        assertThatThrownBy(() -> engine.compile(script.replace("\\n", "\n"), Expressions.PREDICATE_VARIABLES))
                .isInstanceOf(ExpressionSyntaxException.class)
                .hasMessage(message);
    }
}
