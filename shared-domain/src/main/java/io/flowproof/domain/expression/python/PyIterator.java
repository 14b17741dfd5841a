package io.flowproof.domain.expression.python;

import java.util.Iterator;

/** A one-shot Python iterator value: a generator, {@code enumerate(...)}, {@code zip(...)}, {@code map(...)}... */
final class PyIterator implements Iterator<Object> {

    final String typeName;
    private final Iterator<Object> source;

    PyIterator(String typeName, Iterator<Object> source) {
        this.typeName = typeName;
        this.source = source;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public Object next() {
        return source.next();
    }
}
