package io.flowproof.domain.ensure;

import java.util.Locale;

/** Who started an ensure run. */
public enum EnsureOrigin {
    API, SCHEDULE, CLI;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EnsureOrigin fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
