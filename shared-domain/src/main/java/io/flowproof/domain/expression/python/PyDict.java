package io.flowproof.domain.expression.python;

import java.util.LinkedHashMap;
import java.util.Map;

/** A dict created by the script (insertion ordered, mutable). Input dicts stay read-only. */
final class PyDict extends LinkedHashMap<Object, Object> {

    PyDict() {
        super();
    }

    PyDict(Map<?, ?> items) {
        super(items);
    }
}
