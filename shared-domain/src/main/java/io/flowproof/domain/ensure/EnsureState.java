package io.flowproof.domain.ensure;

import java.util.Locale;

/** Where an ensure run is in its life (DESIGN.md §4). The last five are terminal. */
public enum EnsureState {
    PENDING, TRIGGERING, WAITING, PASSED, FAILED, TIMED_OUT, CANCELLED, ERROR;

    public boolean isFinished() {
        return ordinal() >= PASSED.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; {@code null} when unknown. */
    public static EnsureState fromWire(String name) {
        for (EnsureState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        return null;
    }
}
