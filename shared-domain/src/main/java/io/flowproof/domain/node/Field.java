package io.flowproof.domain.node;

/** A field of a partial update: absent, or present with a value that may be {@code null}. */
public record Field<T>(boolean present, T value) {

    private static final Field<?> ABSENT = new Field<>(false, null);

    @SuppressWarnings("unchecked")
    public static <T> Field<T> absent() {
        return (Field<T>) ABSENT;
    }

    public static <T> Field<T> of(T value) {
        return new Field<>(true, value);
    }

    public T orElse(T current) {
        return present ? value : current;
    }
}
