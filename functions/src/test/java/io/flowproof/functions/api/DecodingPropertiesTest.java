package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based tests (jqwik) of request decoding, in-process and fast: whatever JSON value or byte sequence
 * arrives, every decoder either returns a value or throws a {@link ValidationFailure} whose every error names a
 * location under {@code body} and says what is wrong, or (only for bytes) refuses the size with 413. Never another
 * exception: those would be 500s.
 */
class DecodingPropertiesTest {

    private static final RequestLimits LIMITS = new RequestLimits(64 * 1024, 50, 2_000, 6, 40, 200);
    private static final V1Api V1 = new V1Api(null, null, null, null, null, null, null, null, null, null, null, null, "test", LIMITS);
    private static final EnsureApi ENSURE = new EnsureApi(null, null, null, LIMITS);

    private static final List<String> FIELDS = List.of("flow", "id", "run_id", "type", "data", "ts", "description", "dep_ids",
            "filter", "validator", "conditions", "additional_meta", "engine", "script", "timeout_ms", "handler", "handler_input",
            "params", "run_id_extractor", "scanned_at", "files_scanned", "flows", "idempotency_key", "poll_interval_ms", "x");
    private static final List<Object> WORDS = List.of("act", "assert", "generic", "trigger", "hook", "cel", "js", "python",
            "http_request", "command", "data.x == 1", "", " ", "\u0000", "é", "\uD800", "123", "1.5e18", "-0", "NaN");

    @Property(tries = 3000)
    void decodingAnyValueAsABatchSucceedsOrNamesTheBadField(@ForAll("batches") Object body) {
        decodesOrNamesTheField(V1::decodeBatch, body);
    }

    @Property(tries = 1500)
    void decodingAnyValueAsANodeSucceedsOrNamesTheBadField(@ForAll("objects") Object body) {
        decodesOrNamesTheField(V1::decodeNewNode, body);
        decodesOrNamesTheField(V1::decodePatch, body);
    }

    @Property(tries = 1500)
    void decodingAnyValueAsAScanOrEnsureStartSucceedsOrNamesTheBadField(@ForAll("objects") Object body) {
        decodesOrNamesTheField(V1::decodeScan, body);
        decodesOrNamesTheField(ENSURE::decodeStart, body);
    }

    @Property(tries = 3000)
    void parsingAnyBytesGivesAValueOrAValidationFailure(@ForAll("bodyBytes") byte[] body) {
        ApiRequest request = new ApiRequest("POST", "/v1/events-batch", Map.of(), Map.of(), body);
        try {
            Object value = LIMITS.parse(request);
            decodesOrNamesTheField(V1::decodeBatch, value);
        } catch (ValidationFailure failure) {
            namesEveryField(failure);
        }
    }

    private static void decodesOrNamesTheField(Function<Object, ?> decoder, Object body) {
        try {
            decoder.apply(body);
        } catch (ValidationFailure failure) {
            namesEveryField(failure);
        }
    }

    private static void namesEveryField(ValidationFailure failure) {
        assertThat(failure.errors()).isNotEmpty();
        for (Map<String, Object> error : failure.errors()) {
            assertThat((List<?>) error.get("loc")).isNotEmpty().first().isEqualTo("body");
            assertThat((String) error.get("msg")).isNotBlank();
            assertThat((String) error.get("type")).isNotBlank();
        }
    }

    // --- generators -------------------------------------------------------------------------------

    @Provide
    Arbitrary<Object> batches() {
        Arbitrary<Object> items = item().list().ofMaxSize(60).map(list -> (Object) list);
        return Arbitraries.frequencyOf(Tuple.of(6, items), Tuple.of(1, json(4)));
    }

    @Provide
    Arbitrary<Object> objects() {
        return Arbitraries.frequencyOf(Tuple.of(6, item().map(map -> (Object) map)), Tuple.of(1, json(4)));
    }

    /** Objects with the API's own field names and plausible or hostile values, so decoding goes deep. */
    private Arbitrary<Map<String, Object>> item() {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(FIELDS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(5)));
        Arbitrary<Object> value = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(WORDS)), Tuple.of(4, json(3)),
                Tuple.of(2, expression()), Tuple.of(1, Arbitraries.strings().ofLength(50).map(s -> (Object) s.repeat(5))));
        return Combinators.combine(key, value).as(java.util.AbstractMap.SimpleEntry<String, Object>::new).list().ofMaxSize(14).map(entries -> {
            Map<String, Object> map = new LinkedHashMap<>();
            entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return map;
        });
    }

    private Arbitrary<Object> expression() {
        return Combinators.combine(Arbitraries.of(WORDS), Arbitraries.of(WORDS)).as((engine, script) -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("engine", engine);
            map.put("script", script);
            return (Object) map;
        });
    }

    /** Any JSON value up to {@code depth} levels: the shapes Jackson produces (Long, BigInteger, Double, ...). */
    private static Arbitrary<Object> json(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1.5e18, 9.3e18).map(d -> (Object) d),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(63), BigInteger.TWO.pow(80)).map(b -> (Object) b),
                Arbitraries.of(true, false).map(b -> (Object) b)).injectNull(0.1);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = Arbitraries.lazy(() -> json(depth - 1)).list().ofMaxSize(5).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> map = Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.lazy(() -> json(depth - 1))).as(java.util.AbstractMap.SimpleEntry<String, Object>::new)
                .list().ofMaxSize(5).map(entries -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    entries.forEach(entry -> object.put(entry.getKey(), entry.getValue()));
                    return (Object) object;
                });
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, list), Tuple.of(1, map));
    }

    /** Random bytes, JSON text with a few bytes changed, truncated JSON, and deep nesting. */
    @Provide
    Arbitrary<byte[]> bodyBytes() {
        String valid = "[{\"flow\":\"f\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{\"x\":[1,2.5,\"y\"]},\"ts\":1}]";
        byte[] template = valid.getBytes(StandardCharsets.UTF_8);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.integers().between(0, template.length - 1),
                Arbitraries.bytes()).as((at, b) -> {
                    byte[] copy = template.clone();
                    copy[at] = b;
                    return copy;
                });
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, template.length)
                .map(n -> java.util.Arrays.copyOf(template, n));
        Arbitrary<byte[]> deep = Arbitraries.integers().between(1, 20_000)
                .map(n -> ("[".repeat(n) + "]".repeat(n)).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, mutated, truncated, deep);
    }
}
