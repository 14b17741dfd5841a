package io.flowproof.infra.secrets;

import io.flowproof.domain.port.SecretResolver;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Secrets from environment variables: {@code ${secret.PAYMENT_API_KEY}} is {@code FLOWPROOF_SECRET_PAYMENT_API_KEY}.
 * A key that cannot be a variable name as written ({@code api.key}, {@code apiKey}) is also looked up upper-cased
 * with every other character replaced by {@code _} ({@code FLOWPROOF_SECRET_API_KEY}, {@code FLOWPROOF_SECRET_APIKEY}).
 */
public final class EnvironmentSecretResolver implements SecretResolver {

    public static final String PREFIX = "FLOWPROOF_SECRET_";

    private final Map<String, String> environment;

    public EnvironmentSecretResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static EnvironmentSecretResolver system() {
        return new EnvironmentSecretResolver(System.getenv());
    }

    @Override
    public Mono<String> secret(String key) {
        String value = environment.get(PREFIX + key);
        if (value == null) {
            value = environment.get(PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return Mono.justOrEmpty(value);
    }
}
