package io.flowproof.domain.expression.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.Expressions;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Python semantics, one expression per row: the expected text is what CPython 3.12 prints for
 * {@code str(<expression>)}.
 */
class PythonSemanticsTest {

    private static final Map<String, Object> DATA = Map.of("amount", 150L, "price", 120.5, "status", "paid",
            "items", List.of(Map.of("qty", 1L), Map.of("qty", 2L)), "tags", List.of("a", "b"));
    private static final Map<String, Object> CTX = Map.of("deps", List.of());

    private final PythonExpressionEngine engine = new PythonExpressionEngine();

    private Object eval(String script) {
        return engine.compile(script, Expressions.PREDICATE_VARIABLES).evaluate(DATA, CTX);
    }

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', textBlock = """
            1 + 2 => 3
            7 / 2 => 3.5
            4 / 2 => 2.0
            -7 // 2 => -4
            7 // -2 => -4
            -7 % 2 => 1
            7 % -2 => -1
            -7.5 // 2 => -4.0
            -7.5 % 2 => 0.5
            2 ** 10 => 1024
            2 ** -2 => 0.25
            2 ** 64 => 18446744073709551616
            9223372036854775807 + 1 => 9223372036854775808
            -9223372036854775808 - 1 => -9223372036854775809
            3037000500 * 3037000500 => 9223372037000250000
            10 ** 20 // 10 ** 18 => 100
            True + True => 2
            True * 'ab' => ab
            'ab' * 3 => ababab
            3 * 'ab' => ababab
            repr('ab' * -1) => ''
            [1, 2] * 2 => [1, 2, 1, 2]
            [1] + [2] => [1, 2]
            (1,) + (2,) => (1, 2)
            100 == 100.0 => True
            1 == 1.0 == True => True
            0.1 + 0.2 == 0.3 => False
            [1, 2] == (1, 2) => False
            {'a': 1} == {'a': 1.0} => True
            1 < 2 < 3 => True
            3 > 2 > 2 => False
            1 < 3 > 2 => True
            'a' < 'b' <= 'b' => True
            [1, 2] < [1, 3] => True
            (1, 'a') < (1, 'b') => True
            0 or None => None
            0 or '' or 'x' => x
            1 and 'y' => y
            [] and 1 => []
            not [] => True
            not 'a' => False
            None or 0 => 0
            data['amount'] > 0 or None => True
            data['amount'] > 1000 or None => None
            bool(0.0), bool(''), bool([]), bool({}), bool(None), bool('0'), bool([0]) => (False, False, False, False, False, True, True)
            'a' in 'cat' => True
            'x' not in ['a', 'b'] => True
            2 in {1: 'a', 2: 'b'} => True
            1.0 in [1, 2] => True
            3 in range(1, 10, 2) => True
            4 in range(1, 10, 2) => False
            None is None => True
            [] is [] => False
            data is data => True
            1 if [] else 2 => 2
            'yes' if 'x' else 'no' => yes
            [10, 20, 30][-1] => 30
            [10, 20, 30][-3] => 10
            'hello'[1:-1] => ell
            'hello'[::-1] => olleh
            [0, 1, 2, 3, 4, 5][1:5:2] => [1, 3]
            [0, 1, 2, 3, 4, 5][::-2] => [5, 3, 1]
            [0, 1, 2][5:] => []
            (1, 2, 3)[:2] => (1, 2)
            range(10)[2:5] => range(2, 5)
            list(range(10)[::3]) => [0, 3, 6, 9]
            data['tags'][-1] => b
            data['items'][1:] => [{'qty': 2}]
            {'a': 1, 'b': 2}.get('c', 3) => 3
            {'a': 1}.get('b') => None
            list({'a': 1, 'b': 2}.keys()) => ['a', 'b']
            sorted({'b': 1, 'a': 2}.items()) => [('a', 2), ('b', 1)]
            'Hello World'.lower() => hello world
            repr('  x  '.strip()) => 'x'
            'xxhixx'.strip('x') => hi
            'a,b,,c'.split(',') => ['a', 'b', '', 'c']
            'a b  c'.split() => ['a', 'b', 'c']
            'a,b,c'.split(',', 1) => ['a', 'b,c']
            'a,b,c'.rsplit(',', 1) => ['a,b', 'c']
            '-'.join(['a', 'b']) => a-b
            'aaa'.replace('a', 'b', 2) => bba
            'banana'.count('a') => 3
            'banana'.find('n'), 'banana'.find('z'), 'banana'.index('n'), 'banana'.rfind('n') => (2, -1, 2, 4)
            '123'.isdigit(), '12a'.isdigit(), 'abc'.isalpha(), ''.isalpha() => (True, False, True, False)
            'ord_9'.startswith(('ord_', 'x')) => True
            'file.txt'.endswith('.txt') => True
            'hello world'.title() => Hello World
            'hello'.capitalize() => Hello
            '42'.zfill(5) => 00042
            'ab'.upper() => AB
            [1, 2, 2, 3].count(2) => 2
            [1, 2, 3].index(3) => 2
            (1, 2, 1).count(1) => 2
            str(1), str(1.5), str(None), str(True) => ('1', '1.5', 'None', 'True')
            int('  42 '), int(3.9), int(-3.9), int(True), int('1_000') => (42, 3, -3, 1, 1000)
            float('1e3'), float(2), float(' -1.5 ') => (1000.0, 2.0, -1.5)
            float('inf'), -float('inf') => (inf, -inf)
            abs(-5), abs(-2.5), abs(True) => (5, 2.5, 1)
            min(3, 1, 2), max([1, 5, 3]), min('bca'), max([], default=0) => (1, 5, 'a', 0)
            max([{'n': 1}, {'n': 3}], key=lambda d: d['n']) => {'n': 3}
            sum([1, 2, 3]), sum([0.5, 0.25]), sum([[1], [2]], []) => (6, 0.75, [1, 2])
            all([]), any([]), all([1, 0]), any([0, 'x']) => (True, False, False, True)
            round(2.5), round(3.5), round(-0.5), round(0.5), round(7.0) => (2, 4, 0, 0, 7)
            round(2.675, 2), round(1.25, 1), round(1234, -2), round(1250, -2) => (2.67, 1.2, 1200, 1200)
            sorted([3, 1, 2]), sorted(['b', 'a']), sorted([3, 1, 2], reverse=True) => ([1, 2, 3], ['a', 'b'], [3, 2, 1])
            isinstance(1, int), isinstance(True, int), isinstance(1.0, int), isinstance('x', (int, str)) => (True, True, False, True)
            list('abc'), tuple([1, 2]), set([1, 1, 2]), dict([('a', 1)]) => (['a', 'b', 'c'], (1, 2), {1, 2}, {'a': 1})
            dict(a=1, b=2) => {'a': 1, 'b': 2}
            list(range(3)), list(range(1, 10, 4)), list(range(5, 0, -2)) => ([0, 1, 2], [1, 5, 9], [5, 3, 1])
            list(enumerate(['a', 'b'], 1)) => [(1, 'a'), (2, 'b')]
            list(zip([1, 2, 3], 'ab')) => [(1, 'a'), (2, 'b')]
            [x * x for x in range(4)] => [0, 1, 4, 9]
            [x for x in range(10) if x % 3 == 0 if x] => [3, 6, 9]
            [(x, y) for x in range(2) for y in 'ab'] => [(0, 'a'), (0, 'b'), (1, 'a'), (1, 'b')]
            {x % 3 for x in range(10)} => {0, 1, 2}
            {k: len(k) for k in ['a', 'bb']} => {'a': 1, 'bb': 2}
            sum(x for x in range(101)) => 5050
            any(x > 5 for x in range(10 ** 12)) => True
            sum(i['qty'] * data['amount'] for i in data['items']) => 450
            (lambda x, y=2: x * y)(3) => 6
            1e16, 1e15, 1.0, 1e-05, 0.0001, 123.456, 1/3 => (1e+16, 1000000000000000.0, 1.0, 1e-05, 0.0001, 123.456, 0.3333333333333333)
            2.0 ** 0.5 => 1.4142135623730951
            1e308 * 10 => inf
            -0.0 => -0.0
            f'{1.5:.2f}/{42:05d}/{"x":>3}/{1234567:,}' => 1.50/00042/  x/1,234,567
            f"{data['status']!r} costs {data['price']}" => 'paid' costs 120.5
            '{} and {name}'.format(1, name='x') => 1 and x
            '%d%% of %s' % (50, 'it') => 50% of it
            divmod(-7, 2) => (-4, 1)
            pow(2, 10, 1000) => 24
            chr(65) + str(ord('a')) => A97
            0x1F + 0o17 + 0b11 + 1_000 => 1049
            '\\x41\\u00e9\\n'.strip() + "'" + '"' => Aé'"
            '''tri'ple''' => tri'ple
            'con' "cat" => concat
            """, ignoreLeadingAndTrailingWhitespace = true)
    void evaluatesLikeCPython(String script, String expected) {
        assertThat(engine.display(eval(script))).isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void returnsJavaValuesTuplesAsListsAndIntsAsLongs() {
        assertThat(eval("(1, 'a')")).isEqualTo(List.of(1L, "a"));
        assertThat(eval("2 ** 70")).isEqualTo(BigInteger.TWO.pow(70));
        assertThat(eval("2 ** 62")).isEqualTo(1L << 62);
        assertThat(eval("{'a': [1.5, None]}")).isEqualTo(Map.of("a", java.util.Arrays.asList(1.5, null)));
        assertThat(eval("range(3)")).isEqualTo("range(0, 3)");
    }

    @Test
    void acceptsIntegerAndFloatBoxesFromCallers() {
        Object result = engine.compile("data['n'] + 1 == 3 and data['f'] * 2 == 1.0", Expressions.PREDICATE_VARIABLES)
                .evaluate(Map.of("n", 2, "f", 0.5f), CTX);

        assertThat(result).isEqualTo(true);
    }
}
