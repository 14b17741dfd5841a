package io.flowproof.infra.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = Redactor.of(List.of("s3cr3t", "s3cr3t-long", "", "tok"));

    @Test
    void masksEveryOccurrenceLongestFirst() {
        assertThat(redactor.redact("Bearer s3cr3t-long and s3cr3t, tok tok")).isEqualTo("Bearer *** and ***, *** ***");
        assertThat(redactor.redact("nothing here")).isEqualTo("nothing here");
        assertThat(redactor.redact((String) null)).isNull();
    }

    @Test
    void masksNestedValuesButKeepsKeysNumbersAndOrder() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer s3cr3t");
        headers.put("tok", "plain");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("url", "https://api/x?key=tok");
        input.put("headers", headers);
        input.put("body", null);
        input.put("list", Arrays.asList("s3cr3t", 42L, true));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("url", "https://api/x?key=***");
        expected.put("headers", Map.of("Authorization", "Bearer ***", "tok", "plain"));
        expected.put("body", null);
        expected.put("list", Arrays.asList("***", 42L, true));
        assertThat(redactor.redactMap(input)).isEqualTo(expected);
        assertThat(redactor.redactMap(input).keySet()).containsExactly("url", "headers", "body", "list");
        assertThat(input.get("url")).isEqualTo("https://api/x?key=tok");
    }

    @Test
    void noneAndEmptyRedactNothingAndWithAddsValues() {
        assertThat(Redactor.NONE.redact("s3cr3t")).isEqualTo("s3cr3t");
        assertThat(Redactor.of(List.of("")).redact("abc")).isEqualTo("abc");
        assertThat(Redactor.NONE.with(List.of("abc")).redact("xabcx")).isEqualTo("x***x");
    }
}
