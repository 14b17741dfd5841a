package io.flowproof.domain.expression.python;

import java.util.AbstractList;
import java.util.RandomAccess;

/** An immutable Python tuple. It is a {@link java.util.List}, so a tuple result needs no conversion. */
final class PyTuple extends AbstractList<Object> implements RandomAccess {

    static final PyTuple EMPTY = new PyTuple(new Object[0]);

    final Object[] items;

    PyTuple(Object[] items) {
        this.items = items;
    }

    static PyTuple of(Object... items) {
        return new PyTuple(items);
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
