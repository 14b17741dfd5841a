package io.flowproof.functions.reliability;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deterministic generator of hostile request bodies: body {@code i} of a target depends only on (seed, target,
 * i), so any failing body can be regenerated from the numbers in a report, and the corpus need not be held in
 * memory. Each body starts from the target's valid template and applies one kind of damage ({@link Kind}): wrong
 * types, missing fields, nulls, huge arrays, deep nesting (up to 100,000 levels), huge strings, invalid UTF-8,
 * numbers out of range or not numbers at all, duplicate keys, control characters, truncation, wrong content types,
 * empty bodies, random bytes; a few bodies stay valid on purpose (and may be accepted).
 */
final class HostileBodies {

    /** The kinds of damage, in the order of {@link #WEIGHTS}. */
    enum Kind {
        VALID, WRONG_TYPE, MISSING_FIELD, NULL_FIELD, EXTRA_FIELD, HUGE_ARRAY, DEEP_NESTING, HUGE_STRING, INVALID_UTF8,
        BAD_NUMBER, DUPLICATE_KEY, CONTROL_CHARS, ODD_UNICODE, TRUNCATED, WRONG_CONTENT_TYPE, EMPTY, RANDOM_BYTES,
        OVER_BODY_LIMIT
    }

    private static final int[] WEIGHTS = {3, 14, 8, 6, 4, 3, 5, 3, 6, 10, 5, 6, 5, 7, 5, 2, 6, 0};
    /** Bodies over the default 10 MiB limit are expensive: every this many bodies, one (413 expected). */
    static final int OVER_LIMIT_EVERY = 2_500;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MARK = "__HOSTILE_SPLICE__";

    /** One generated request. */
    record Body(int index, Kind kind, String contentType, byte[] bytes) {}

    /** What is sent to: method, path, and a valid body to damage ({@code null} for no body). */
    record Target(String name, String method, String path, Object template, boolean yaml) {}

    private final long seed;

    HostileBodies(long seed) {
        this.seed = seed;
    }

    Body body(Target target, int index) {
        Random random = new Random(seed * 31 + target.name().hashCode() * 1_000_003L + index);
        Kind kind = index > 0 && index % OVER_LIMIT_EVERY == 0 ? Kind.OVER_BODY_LIMIT : pick(random);
        byte[] bytes = target.yaml() ? yaml(kind, random) : json(target.template(), kind, random, index);
        String contentType = target.yaml() ? "application/yaml" : "application/json";
        if (kind == Kind.WRONG_CONTENT_TYPE) {
            contentType = pickOf(random, "text/plain", "application/xml", "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded", "application/json; charset=latin1", "", "*/*", "application/json;;;=");
        }
        return new Body(index, kind, contentType, bytes);
    }

    private static Kind pick(Random random) {
        int total = 0;
        for (int weight : WEIGHTS) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < WEIGHTS.length; i++) {
            roll -= WEIGHTS[i];
            if (roll < 0) {
                return Kind.values()[i];
            }
        }
        throw new AssertionError();
    }

    // --- JSON bodies ------------------------------------------------------------------------------

    private static byte[] json(Object template, Kind kind, Random random, int index) {
        Object tree = copy(template);
        runOf(tree, "run-" + index); // accepted bodies spread over runs: no single run grows with the corpus
        switch (kind) {
            case VALID, WRONG_CONTENT_TYPE -> {
                return random.nextInt(4) == 0 ? mutateTree(tree, random) : text(tree);
            }
            case WRONG_TYPE -> {
                return replace(tree, random, wrongValue(random));
            }
            case MISSING_FIELD -> {
                remove(tree, random);
                return text(tree);
            }
            case NULL_FIELD -> {
                return replace(tree, random, null);
            }
            case EXTRA_FIELD -> {
                Map<String, Object> object = randomObject(tree, random);
                if (object != null) {
                    object.put(pickOf(random, "__proto__", "constructor", "$where", "x".repeat(random.nextInt(300)), "", "id "),
                            wrongValue(random));
                }
                return text(tree);
            }
            case HUGE_ARRAY -> {
                // batches: mostly 100-1,100 copies of an item, one in twenty the largest accepted (10,000), one in ten over it
                int roll = random.nextInt(20);
                int n = roll == 0 ? 10_000 : roll < 3 ? 10_001 + random.nextInt(3_000) : 100 + random.nextInt(1_000);
                if (tree instanceof List<?> list && !list.isEmpty() && random.nextBoolean()) {
                    List<Object> many = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        many.add(list.get(0));
                    }
                    return text(many);
                }
                return splice(tree, random, "[" + "0,".repeat(n) + "0]");
            }
            case DEEP_NESTING -> {
                int depth = pickOf(random, 40, 100, 1_000, 10_000, 100_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                String nested = open.repeat(depth) + "1" + close.repeat(depth);
                return random.nextInt(3) == 0 ? nested.getBytes(StandardCharsets.UTF_8) : splice(tree, random, nested);
            }
            case HUGE_STRING -> {
                int length = random.nextInt(10) == 0 ? 1_000_000 + random.nextInt(1_500_000) : 1_000 + random.nextInt(100_000);
                return replace(tree, random, "é".repeat(length / 4) + "x".repeat(length / 2));
            }
            case INVALID_UTF8 -> {
                return spliceBytes(tree, random, pickOf(random, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80}));
            }
            case BAD_NUMBER -> {
                return splice(tree, random, pickOf(random, "1e400", "-1e400", "1e-400", "18446744073709551616", "-9223372036854775809",
                        "9223372036854775808", "-0", "-0.0", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "01", "1.", "+1", ".5",
                        "1e", "9".repeat(99), "9".repeat(2_000), "1.5", "1.5e18", "1e19", "\"123\"", "\"1e3\"", "\"\"", "true"));
            }
            case DUPLICATE_KEY -> {
                byte[] text = text(tree);
                String s = new String(text, StandardCharsets.UTF_8);
                int brace = s.indexOf('{');
                if (brace < 0) {
                    return ("{\"a\":1,\"a\":2}").getBytes(StandardCharsets.UTF_8);
                }
                int close = s.indexOf(':', brace);
                String firstKey = close > 0 ? s.substring(brace + 1, close) : "\"a\"";
                return (s.substring(0, brace + 1) + firstKey + ":" + pickOf(random, "\"dup\"", "1", "null", "{}", "[]") + ","
                        + s.substring(brace + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case CONTROL_CHARS -> {
                if (random.nextBoolean()) {
                    return spliceBytes(tree, random, new byte[] {'"', (byte) random.nextInt(32), '"'}); // raw: invalid JSON
                }
                StringBuilder escaped = new StringBuilder();
                for (int i = 0; i < 1 + random.nextInt(5); i++) {
                    escaped.append((char) random.nextInt(32));
                }
                return replace(tree, random, "x" + escaped + "y");
            }
            case ODD_UNICODE -> {
                String odd = pickOf(random, "\\ud800", "\\udfff", "\\ud800\\ud800", "\\ufeff", "\\u202e", "\\uffff", "\\u0000",
                        "\\ud83d\\ude00", "\\u00e9\\u0301", "\\uDBFF\\uDFFF");
                return splice(tree, random, "\"a" + odd + "b\"");
            }
            case TRUNCATED -> {
                byte[] text = text(tree);
                return java.util.Arrays.copyOf(text, random.nextInt(Math.max(1, text.length)));
            }
            case EMPTY -> {
                return pickOf(random, new byte[0], " ".getBytes(), "\n".getBytes(), "null".getBytes(), "\"\"".getBytes(),
                        "{}".getBytes(), "[]".getBytes(), "\uFEFF".getBytes(StandardCharsets.UTF_8));
            }
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[random.nextInt(2_000)];
                random.nextBytes(bytes);
                if (bytes.length > 0 && random.nextBoolean()) {
                    bytes[0] = (byte) (random.nextBoolean() ? '{' : '[');
                }
                return bytes;
            }
            case OVER_BODY_LIMIT -> {
                return ("[\"" + "x".repeat(10 * 1024 * 1024 + 100) + "\"]").getBytes(StandardCharsets.UTF_8);
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static byte[] mutateTree(Object tree, Random random) {
        Map<String, Object> object = randomObject(tree, random);
        if (object != null && !object.isEmpty()) {
            String key = new ArrayList<>(object.keySet()).get(random.nextInt(object.size()));
            if (object.get(key) instanceof String) {
                object.put(key, "v" + random.nextInt(1_000_000));
            }
        }
        return text(tree);
    }

    private static Object wrongValue(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> 42L;
            case 1 -> -1L;
            case 2 -> 3.14;
            case 3 -> true;
            case 4 -> "";
            case 5 -> "not-" + random.nextInt(100);
            case 6 -> List.of();
            case 7 -> List.of(1, "a", List.of());
            case 8 -> new LinkedHashMap<>();
            case 9 -> Map.of("engine", "cel", "script", "1 +");
            case 10 -> Long.MIN_VALUE;
            default -> Map.of("$ref", "#", "nested", Map.of("deeper", List.of(Map.of())));
        };
    }

    /** Replaces a random value of the tree (or the whole tree) with {@code value}. */
    private static byte[] replace(Object tree, Random random, Object value) {
        Slot slot = randomSlot(tree, random);
        if (slot == null) {
            return text(value);
        }
        slot.set(value);
        return text(tree);
    }

    /** Replaces a random value with raw text (numbers JSON cannot hold, deep nesting, ...). */
    private static byte[] splice(Object tree, Random random, String raw) {
        return spliceBytes(tree, random, raw.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] spliceBytes(Object tree, Random random, byte[] raw) {
        Slot slot = randomSlot(tree, random);
        if (slot == null) {
            return raw;
        }
        slot.set(MARK);
        String text = new String(text(tree), StandardCharsets.UTF_8);
        int at = text.indexOf("\"" + MARK + "\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + raw.length);
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(text.substring(at + MARK.length() + 2).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void remove(Object tree, Random random) {
        Map<String, Object> object = randomObject(tree, random);
        if (object != null && !object.isEmpty()) {
            object.remove(new ArrayList<>(object.keySet()).get(random.nextInt(object.size())));
        }
    }

    /** A place in the tree that holds a value. */
    private interface Slot {
        void set(Object value);
    }

    @SuppressWarnings("unchecked")
    private static Slot randomSlot(Object tree, Random random) {
        List<Slot> slots = new ArrayList<>();
        collect(tree, slots);
        return slots.isEmpty() ? null : slots.get(random.nextInt(slots.size()));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Slot> slots) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> object = (Map<String, Object>) map;
            for (String key : new ArrayList<>(object.keySet())) {
                slots.add(value -> object.put(key, value));
                collect(object.get(key), slots);
            }
        } else if (node instanceof List<?> list) {
            List<Object> array = (List<Object>) list;
            for (int i = 0; i < array.size(); i++) {
                int at = i;
                slots.add(value -> array.set(at, value));
                collect(array.get(i), slots);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> randomObject(Object tree, Random random) {
        List<Map<String, Object>> objects = new ArrayList<>();
        objects(tree, objects);
        return objects.isEmpty() ? null : objects.get(random.nextInt(objects.size()));
    }

    @SuppressWarnings("unchecked")
    private static void objects(Object node, List<Map<String, Object>> into) {
        if (node instanceof Map<?, ?> map) {
            into.add((Map<String, Object>) map);
            map.values().forEach(value -> objects(value, into));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> objects(value, into));
        }
    }

    @SuppressWarnings("unchecked")
    private static void runOf(Object node, String runId) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("run_id")) {
                ((Map<String, Object>) map).put("run_id", runId);
            }
            map.values().forEach(value -> runOf(value, runId));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> runOf(value, runId));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, copy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copy(v)));
            return copy;
        }
        return value;
    }

    private static byte[] text(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    // --- YAML bodies (POST /v1/flows/validate) ------------------------------------------------------

    private static final String VALID_YAML = """
            flow: hostile_yaml
            nodes:
              - id: start
                type: trigger
                handler: http_request
                handler_input: {params: {url: "http://127.0.0.1:9/x", method: POST}}
              - id: done
                type: assert
                dep_ids: [start]
                validator: {engine: cel, script: "data.ok == true"}
            """;

    private static byte[] yaml(Kind kind, Random random) {
        String text = switch (kind) {
            case VALID, WRONG_CONTENT_TYPE -> VALID_YAML;
            case WRONG_TYPE -> VALID_YAML.replace(pickOf(random, "hostile_yaml", "[start]", "trigger", "POST", "cel"),
                    pickOf(random, "[1, 2]", "{a: b}", "42", "~", "!!binary aGVsbG8=", "-", "? x"));
            case MISSING_FIELD -> VALID_YAML.replace(pickOf(random, "flow: hostile_yaml\n", "    type: assert\n", "  - id: start\n"), "");
            case NULL_FIELD -> VALID_YAML.replace(pickOf(random, "hostile_yaml", "[start]", "trigger"), "null");
            case EXTRA_FIELD -> VALID_YAML + pickOf(random, "extra: 1\n", "!!python/object:os.system [id]\n",
                    "x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:9/\"]]]]\n");
            case HUGE_ARRAY -> "flow: big\nnodes: [" + "{id: a, type: act},".repeat(random.nextInt(20) == 0 ? 20_000 : 1_000 + random.nextInt(4_000))
                    + "]\n"; // YAML is the slowest body to read: a 20,000-node file takes ~0.4 s, so only one in twenty
            case DEEP_NESTING -> {
                int depth = pickOf(random, 100, 1_000, 10_000, 100_000);
                yield "flow: deep\nnodes: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
            }
            case HUGE_STRING -> "flow: " + "y".repeat(random.nextInt(20) == 0 ? 1_000_000 : 1_000 + random.nextInt(100_000)) + "\nnodes: []\n";
            case INVALID_UTF8 -> null;
            case BAD_NUMBER -> VALID_YAML.replace("hostile_yaml", pickOf(random, "1e400", ".nan", "-.inf", "0x" + "f".repeat(200),
                    "9".repeat(5_000)));
            case DUPLICATE_KEY -> "flow: a\nflow: b\n" + VALID_YAML;
            case CONTROL_CHARS -> VALID_YAML.replace("hostile_yaml", "a" + (char) random.nextInt(32) + "b");
            case ODD_UNICODE -> VALID_YAML.replace("hostile_yaml", "\"a\\ud800b\\u0000\"");
            case TRUNCATED -> VALID_YAML.substring(0, random.nextInt(VALID_YAML.length()));
            case EMPTY -> pickOf(random, "", " ", "\n", "~", "---", "...", "[]", "{}");
            case RANDOM_BYTES -> null;
            case OVER_BODY_LIMIT -> "flow: " + "x".repeat(10 * 1024 * 1024 + 100) + "\n";
            default -> aliasBomb(random);
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[random.nextInt(2_000)];
        random.nextBytes(bytes);
        if (kind == Kind.INVALID_UTF8) {
            byte[] head = "flow: ".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(head, 0, bytes, 0, Math.min(head.length, bytes.length));
        }
        return bytes;
    }

    /** "Billion laughs": nested aliases that expand exponentially if a parser lets them. */
    private static String aliasBomb(Random random) {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'a' + 8 + random.nextInt(3); c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            yaml.append("]\n");
            previous = c;
        }
        return yaml.toString();
    }

    // --- query strings --------------------------------------------------------------------------------

    private static final List<String> QUERY_VALUES = List.of("", "0", "-1", "1e3", "1.5", "99999999999999999999", "9223372036854775808",
            "-9223372036854775809", "NaN", "null", "true", "[]", "{}", "\u0000", "a\u0000b", "' OR 1=1 --", "%", "%zz", "\u00e9",
            "\ud83d\ude00", "\n", " ", "10001", "10000", "2147483648", "passed", "PASSED", "timed_out", "\u202e", "*", "..", "../..");

    /** A query string for a GET (or query-only POST) endpoint: known and unknown names, hostile values, repeats. */
    String query(String endpoint, List<String> names, int index) {
        Random random = new Random(seed * 17 + endpoint.hashCode() * 1_000_003L + index);
        int pairs = 1 + random.nextInt(5);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            String name = random.nextInt(6) == 0 ? pickOf(random, "x", "limit[]", "", "\u0000", "name ", "LIMIT") : names.get(random.nextInt(names.size()));
            String value = random.nextInt(8) == 0 ? "v".repeat(random.nextInt(1_500)) : QUERY_VALUES.get(random.nextInt(QUERY_VALUES.size()));
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** A path segment for {@code {id}}: hostile text, percent-encoded so that it is a valid URI. */
    String pathSegment(String endpoint, int index) {
        Random random = new Random(seed * 13 + endpoint.hashCode() * 1_000_003L + index);
        String value = random.nextInt(5) == 0 ? "i".repeat(1 + random.nextInt(2_000)) : QUERY_VALUES.get(random.nextInt(QUERY_VALUES.size()));
        if (value.isEmpty()) {
            value = "x";
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @SafeVarargs
    private static <T> T pickOf(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }
}
