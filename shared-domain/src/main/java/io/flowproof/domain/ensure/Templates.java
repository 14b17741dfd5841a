package io.flowproof.domain.ensure;

import io.flowproof.domain.port.SecretResolver;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Substitutes a trigger's templates at fire time (flows-yaml.md §3), only in {@code url}, {@code headers}
 * (recursively into values), {@code body} and {@code command}:
 * <ul>
 *   <li>{@code ${secret.KEY}}: the secret KEY ({@link SecretResolver}); missing: {@code Secret 'KEY' not found}</li>
 *   <li>{@code ${steps.<node>.output.<path>}}: an earlier trigger's output (Flowproof extension); strings as they
 *       are, other values as JSON</li>
 *   <li>{@code ${NAME}}: the environment variable NAME; unset: {@code Environment variable 'NAME' not set}</li>
 * </ul>
 * One pass over the template text: substituted values are never substituted again. No defaults, no escaping.
 * Besides the real input, it renders a <em>redacted</em> one for the step trace, where secret and environment
 * placeholders stay as written, so no secret value is ever stored.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final String SECRET = "secret.";
    private static final String STEPS = "steps.";

    private final SecretResolver secrets;
    private final Function<String, String> environment;

    public Templates(SecretResolver secrets, Function<String, String> environment) {
        this.secrets = secrets;
        this.environment = environment;
    }

    /** The trigger's input, substituted and redacted. */
    public record Rendered(Map<String, Object> input, Map<String, Object> redacted) {}

    /**
     * Renders the input of a trigger attempt: {@code {"method","url","headers","body"}} for {@code http_request},
     * {@code {"command"}} for {@code command}. Fails with a non-retryable {@link TriggerFailure} when a value is
     * missing.
     */
    public Mono<Rendered> render(TriggerSpec spec, Map<String, Object> outputs) {
        Map<String, Object> raw = rawInput(spec);
        Set<String> keys = new LinkedHashSet<>();
        collectSecretKeys(raw, keys);
        return Flux.fromIterable(keys)
                .concatMap(key -> secrets.secret(key).map(value -> new AbstractMap.SimpleEntry<>(key, value)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(found -> new Rendered(asMap(substitute(raw, found, outputs, false)), asMap(substitute(raw, found, outputs, true))));
    }

    private static Map<String, Object> rawInput(TriggerSpec spec) {
        Map<String, Object> raw = new LinkedHashMap<>();
        if (spec.handler().equals(TriggerSpec.COMMAND)) {
            raw.put("command", spec.params().get("command"));
            return raw;
        }
        raw.put("method", spec.method());
        raw.put("url", spec.params().get("url"));
        Object headers = spec.params().get("headers");
        raw.put("headers", headers instanceof Map<?, ?> ? headers : Map.of());
        raw.put("body", spec.params().get("body"));
        return raw;
    }

    private static void collectSecretKeys(Object value, Set<String> keys) {
        if (value instanceof String s) {
            Matcher m = PLACEHOLDER.matcher(s);
            while (m.find()) {
                if (m.group(1).startsWith(SECRET)) {
                    keys.add(m.group(1).substring(SECRET.length()));
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collectSecretKeys(v, keys));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectSecretKeys(v, keys));
        }
    }

    private Object substitute(Object value, Map<String, String> found, Map<String, Object> outputs, boolean redact) {
        if (value instanceof String s) {
            return substituteText(s, found, outputs, redact);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), substitute(v, found, outputs, redact)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(substitute(v, found, outputs, redact)));
            return copy;
        }
        return value;
    }

    private String substituteText(String text, Map<String, String> found, Map<String, Object> outputs, boolean redact) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith(SECRET)) {
                String key = name.substring(SECRET.length());
                String secret = found.get(key);
                if (secret == null) {
                    throw new TriggerFailure("Secret '" + key + "' not found. Add it to the secrets file or the environment "
                            + "of the Flowproof server", false);
                }
                replacement = redact ? m.group() : secret;
            } else if (name.startsWith(STEPS)) {
                replacement = stepValue(name, outputs);
            } else {
                String env = environment.apply(name);
                if (env == null) {
                    throw new TriggerFailure("Environment variable '" + name + "' not set. Set it in the environment of the "
                            + "Flowproof server", false);
                }
                replacement = redact ? m.group() : env;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code steps.<node>.output[.<key or index>...]}. */
    private static String stepValue(String name, Map<String, Object> outputs) {
        String[] parts = name.split("\\.");
        if (parts.length < 3 || !parts[2].equals("output")) {
            throw new TriggerFailure("Invalid template '${" + name + "}': expected ${steps.<node>.output.<path>}", false);
        }
        if (!outputs.containsKey(parts[1])) {
            throw new TriggerFailure("Template '${" + name + "}': step '" + parts[1] + "' has no output (only earlier "
                    + "trigger nodes can be referenced)", false);
        }
        Object value = outputs.get(parts[1]);
        for (int i = 3; i < parts.length; i++) {
            value = child(value, parts[i]);
            if (value == Missing.VALUE) {
                throw new TriggerFailure("Template '${" + name + "}': the output of step '" + parts[1] + "' has no value at '"
                        + String.join(".", java.util.Arrays.copyOfRange(parts, 3, i + 1)) + "'", false);
            }
        }
        return value instanceof String s ? s : JsonText.write(value);
    }

    private static Object child(Object value, String key) {
        if (value instanceof Map<?, ?> map) {
            return map.containsKey(key) ? map.get(key) : Missing.VALUE;
        }
        if (value instanceof List<?> list) {
            try {
                int index = Integer.parseInt(key);
                return index >= 0 && index < list.size() ? list.get(index) : Missing.VALUE;
            } catch (NumberFormatException e) {
                return Missing.VALUE;
            }
        }
        return Missing.VALUE;
    }

    private enum Missing { VALUE }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
