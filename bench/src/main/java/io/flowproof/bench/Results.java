package io.flowproof.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The measured rows, printed as a table and written as JSON. */
final class Results {

    /**
     * One number. {@code target} is a human-readable bound ({@code ">= 22000"}, {@code "<= 1"}) or null;
     * {@code met} is null when there is no target or the value was not measured.
     */
    record Row(String section, String metric, Double value, String unit, String target, Boolean met, String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> context = new LinkedHashMap<>();

    void context(String key, String value) {
        context.put(key, value);
    }

    void add(String section, String metric, double value, String unit) {
        rows.add(new Row(section, metric, value, unit, null, null, null));
    }

    void atLeast(String section, String metric, double value, String unit, double target) {
        rows.add(new Row(section, metric, value, unit, ">= " + number(target), value >= target, null));
    }

    void atMost(String section, String metric, double value, String unit, double target) {
        rows.add(new Row(section, metric, value, unit, "<= " + number(target), value <= target, null));
    }

    void exactly(String section, String metric, double value, String unit, double target) {
        rows.add(new Row(section, metric, value, unit, "= " + number(target), value == target, null));
    }

    void note(String section, String metric, String note) {
        rows.add(new Row(section, metric, null, null, null, null, note));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String table() {
        StringBuilder out = new StringBuilder();
        context.forEach((k, v) -> out.append(String.format(Locale.ROOT, "%-12s %s%n", k, v)));
        out.append(String.format(Locale.ROOT, "%n%-12s %-100s %16s %-9s %-12s %s%n", "section", "metric", "value", "unit", "target", "met"));
        out.append("-".repeat(160)).append('\n');
        for (Row row : rows) {
            String value = row.value() == null ? "" : number(row.value());
            String met = row.met() == null ? "" : row.met() ? "yes" : "NO";
            out.append(String.format(Locale.ROOT, "%-12s %-100s %16s %-9s %-12s %s%s%n", row.section(), row.metric(), value,
                    row.unit() == null ? "" : row.unit(), row.target() == null ? "" : row.target(), met,
                    row.note() == null ? "" : row.note()));
        }
        return out.toString();
    }

    String json() {
        StringBuilder out = new StringBuilder("{\n  \"context\": {");
        int i = 0;
        for (Map.Entry<String, String> e : context.entrySet()) {
            out.append(i++ == 0 ? "\n" : ",\n").append("    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
        }
        out.append("\n  },\n  \"rows\": [");
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            out.append(r == 0 ? "\n" : ",\n").append("    {\"section\": ").append(quote(row.section()))
                    .append(", \"metric\": ").append(quote(row.metric()))
                    .append(", \"value\": ").append(row.value() == null || row.value().isNaN() ? "null" : jsonNumber(row.value()))
                    .append(", \"unit\": ").append(quote(row.unit()))
                    .append(", \"target\": ").append(quote(row.target()))
                    .append(", \"met\": ").append(row.met() == null ? "null" : row.met().toString())
                    .append(", \"note\": ").append(quote(row.note())).append('}');
        }
        return out.append("\n  ]\n}\n").toString();
    }

    void writeJson(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : Math.abs(value) >= 1 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String jsonNumber(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4f", value);
    }

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
