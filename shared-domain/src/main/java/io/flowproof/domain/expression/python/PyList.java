package io.flowproof.domain.expression.python;

import java.util.ArrayList;
import java.util.Collection;

/**
 * A list created by the script. Only these are mutable ({@code append}, item assignment): lists that
 * come from the input stay read-only, so an evaluation never changes the caller's data.
 */
final class PyList extends ArrayList<Object> {

    PyList() {
        super();
    }

    PyList(int capacity) {
        super(capacity);
    }

    PyList(Collection<?> items) {
        super(items);
    }
}
