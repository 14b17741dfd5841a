package io.flowproof.domain.expression.python;

import java.util.Collection;
import java.util.LinkedHashSet;

/**
 * A set created by the script. Iteration and display follow insertion order, which is deterministic
 * (CPython orders by hash, so {@code str({3, 1})} can differ: {@code {1, 3}} there, {@code {3, 1}} here).
 */
final class PySet extends LinkedHashSet<Object> {

    PySet() {
        super();
    }

    PySet(Collection<?> items) {
        super(items);
    }
}
