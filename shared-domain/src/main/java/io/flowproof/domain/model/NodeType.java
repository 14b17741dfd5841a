package io.flowproof.domain.model;

import java.util.Locale;

/** The kind of a node, as on the wire. */
public enum NodeType {
    GENERIC, TRIGGER, ACT, ASSERT, HOOK;

    /** Wire names in the order the original lists them in its validation message. */
    public static final String EXPECTED = "'generic', 'trigger', 'act', 'assert' or 'hook'";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; {@code null} when unknown (exact, lower-case match as the original). */
    public static NodeType fromWire(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "generic" -> GENERIC;
            case "trigger" -> TRIGGER;
            case "act" -> ACT;
            case "assert" -> ASSERT;
            case "hook" -> HOOK;
            default -> null;
        };
    }
}
