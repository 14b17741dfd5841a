package io.flowproof.infra.secrets;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns parsed secret values into strings the way the original does ({@code str(value)} in Python). */
final class SecretValues {

    private SecretValues() {}

    /** Every non-null value as text; null values are left out (a missing secret beats the text "None"). */
    static Map<String, String> asStrings(Map<?, ?> raw) {
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (key != null && value != null) {
                values.put(String.valueOf(key), text(value));
            }
        });
        return values;
    }

    static String text(Object value) {
        if (value instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (value instanceof Double number && Double.isFinite(number)) {
            String plain = BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return String.valueOf(value);
    }
}
