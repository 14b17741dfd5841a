package io.flowproof.domain.expression.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForConstRewriterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "for (const x of xs) {}|for (let   x of xs) {}",
        "for(const [k, v] of e){}|for(let   [k, v] of e){}",
        "for ( /* c */ const k in o) {}|for ( /* c */ let   k in o) {}",
        "a; for (const x of xs) f(x); for (const y of ys) g(y)|a; for (let   x of xs) f(x); for (let   y of ys) g(y)",
        "`${xs.map(x => { for (const y of x) {} })}`|`${xs.map(x => { for (let   y of x) {} })}`",
    })
    void rewritesConstInForHeadsKeepingColumns(String source, String expected) {
        assertThat(ForConstRewriter.rewrite(source)).isEqualTo(expected).hasSameSizeAs(source);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'for (const x of xs)'",
        "\"for (const x of xs)\"",
        "`for (const x of xs)`",
        "// for (const x of xs)\n1",
        "/* for (const x of xs) */ 1",
        "/for (const x of xs)/.test(s)",
        "a / b; /for (const x)/.source",
        "o.for (const)",
        "const a = 1; for (let b of c) {}",
        "forx (const a)",
        "for (constant of xs) {}",
    })
    void leavesEverythingElseAlone(String source) {
        assertThat(ForConstRewriter.rewrite(source)).isEqualTo(source);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "f(x);|4",
        "f(x); ;;  // done|4",
        "(x => -x) /* c */;|9",
        "'a;' ;|4",
    })
    void findsTheEndOfCode(String source, int end) {
        assertThat(ForConstRewriter.endOfCode(source)).isEqualTo(end);
    }
}
