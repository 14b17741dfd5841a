package io.flowproof.domain.expression;

import java.util.Locale;

/** The expression languages a filter, validator or run-id extractor can be written in. */
public enum Engine {
    PYTHON("python"),
    JS("js"),
    CEL("cel");

    private final String wireName;

    Engine(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire and in YAML ({@code "python"}, {@code "js"}, {@code "cel"}). */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; returns {@code null} for an unknown engine. */
    public static Engine fromWire(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "python" -> PYTHON;
            case "js", "javascript" -> JS;
            case "cel" -> CEL;
            default -> null;
        };
    }
}
