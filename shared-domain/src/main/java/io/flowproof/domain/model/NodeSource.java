package io.flowproof.domain.model;

import java.util.Locale;

/** Where a node definition comes from: SDK events or YAML sync, the API/UI, or the scanner. */
public enum NodeSource {
    CODE, MANUAL, SCAN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeSource fromWire(String name) {
        return name == null ? null : valueOf(name.toUpperCase(Locale.ROOT));
    }
}
