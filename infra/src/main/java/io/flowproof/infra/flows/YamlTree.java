package io.flowproof.infra.flows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML document as a tree whose every node and key knows its 1-based line, built by walking Jackson's YAML
 * token stream ({@code currentTokenLocation()} of each token). Scalars are typed the way the YAML parser
 * resolves them: {@code Long} (or {@code BigInteger}), {@code Double}, {@code Boolean}, {@code String}, or
 * {@code null}. A repeated key keeps its last value, as PyYAML does.
 */
final class YamlTree {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    sealed interface Node permits Mapping, Sequence, Scalar {
        int line();

        /** The plain Java value: maps, lists, scalars. */
        Object plain();
    }

    record Entry(String key, int keyLine, Node value) {}

    record Mapping(int line, Map<String, Entry> entries) implements Node {
        Node get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.value();
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The line of a key, or of the mapping when the key is absent. */
        int lineOf(String key) {
            Entry entry = entries.get(key);
            return entry == null ? line : entry.keyLine();
        }

        @Override
        public Object plain() {
            Map<String, Object> map = new LinkedHashMap<>();
            entries.forEach((key, entry) -> map.put(key, entry.value().plain()));
            return map;
        }
    }

    record Sequence(int line, List<Node> items) implements Node {
        @Override
        public Object plain() {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(item.plain()));
            return list;
        }
    }

    record Scalar(int line, Object value) implements Node {
        @Override
        public Object plain() {
            return value;
        }
    }

    /** Thrown for text that is not YAML; {@code line} is 0 when the parser did not say. */
    static final class SyntaxError extends Exception {
        private final int line;

        SyntaxError(String message, int line) {
            super(message, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private YamlTree() {}

    /** The first document, or {@code null} for an empty one. */
    static Node parse(String text) throws SyntaxError {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token = parser.nextToken();
            return token == null ? null : read(parser, token);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new SyntaxError(firstLine(message), line);
        }
    }

    private static Node read(JsonParser parser, JsonToken token) {
        int line = Math.max(1, parser.currentTokenLocation().getLineNr());
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String key = parser.currentName();
                    int keyLine = Math.max(1, parser.currentTokenLocation().getLineNr());
                    Node value = read(parser, parser.nextToken());
                    entries.remove(key); // the last occurrence wins and takes its place in order
                    entries.put(key, new Entry(key, keyLine, value));
                }
                yield new Mapping(line, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    items.add(read(parser, next));
                }
                yield new Sequence(line, items);
            }
            case VALUE_NUMBER_INT -> new Scalar(line, integer(parser.getNumberValue()));
            case VALUE_NUMBER_FLOAT -> new Scalar(line, parser.getDoubleValue());
            case VALUE_TRUE -> new Scalar(line, Boolean.TRUE);
            case VALUE_FALSE -> new Scalar(line, Boolean.FALSE);
            case VALUE_NULL -> new Scalar(line, null);
            case VALUE_STRING -> new Scalar(line, parser.getString());
            default -> new Scalar(line, parser.getString());
        };
    }

    private static Object integer(Number number) {
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        return number.longValue();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
