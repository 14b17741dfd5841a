package io.flowproof.infra.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces known secret values with {@code ***} in text and in JSON-like values (maps, lists, strings), e.g. in a
 * trigger step's stored input after {@code ${secret.KEY}} substitution. Longer values are replaced first, so a
 * secret that contains another is masked whole. Map keys are kept as they are; only values are redacted. Every
 * non-empty value is redacted, however short: a masked unrelated character is better than a leaked secret.
 */
public final class Redactor {

    public static final String MASK = "***";
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> values;

    private Redactor(List<String> values) {
        this.values = values;
    }

    public static Redactor of(Collection<String> secretValues) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String value : secretValues) {
            if (value != null && !value.isEmpty()) {
                distinct.add(value);
            }
        }
        List<String> sorted = new ArrayList<>(distinct);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(sorted));
    }

    /** This redactor plus more values. */
    public Redactor with(Collection<String> more) {
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return of(all);
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String result = text;
        for (String value : values) {
            result = result.replace(value, MASK);
        }
        return result;
    }

    /** A copy of a JSON-like value with every string redacted (maps keep their keys and order). */
    public Object redact(Object value) {
        if (value instanceof String text) {
            return redact(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, redact(v)));
            return copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(redact(item)));
            return copy;
        }
        return value;
    }

    /** Redacts every value of a map (typed convenience for step inputs). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> redactMap(Map<String, Object> map) {
        return map == null ? null : (Map<String, Object>) redact((Object) map);
    }
}
