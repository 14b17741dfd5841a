package io.flowproof.infra.secrets;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.port.SecretResolver;
import io.flowproof.infra.json.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import tools.jackson.core.JacksonException;

/**
 * Secrets from one AWS Secrets Manager secret ({@code FLOWPROOF_AWS_SECRET_ID}) whose value is a JSON object of
 * secrets: {@code {"PAYMENT_API_KEY": "...", "API_BASE_URL": "..."}}. The secret is fetched once and kept for
 * {@code ttl} (one call per container and TTL on Lambda, not one per lookup); non-string values become their JSON
 * text. A secret that does not exist means "no secrets here"; any other AWS failure fails the lookup (as
 * {@link DomainException.Unavailable}) rather than pretending the key is missing. Values are never logged.
 */
public final class AwsSecretsManagerResolver implements SecretResolver {

    private final SecretsManagerClient client;
    private final String secretId;
    private final Clock clock;
    private final Duration ttl;
    private volatile Cached cached;

    public AwsSecretsManagerResolver(SecretsManagerClient client, String secretId, Clock clock, Duration ttl) {
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Mono<String> secret(String key) {
        // the SDK's synchronous client blocks: keep it off the event loop
        return Mono.fromCallable(() -> values().get(key)).subscribeOn(Schedulers.boundedElastic());
    }

    private Map<String, String> values() {
        Instant now = clock.instant();
        Cached current = cached;
        if (current != null && now.isBefore(current.until)) {
            return current.values;
        }
        Map<String, String> values = fetch();
        cached = new Cached(values, now.plus(ttl));
        return values;
    }

    private Map<String, String> fetch() {
        String json;
        try {
            json = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
        } catch (ResourceNotFoundException e) {
            return Map.of();
        } catch (SdkException e) {
            throw new DomainException.Unavailable("AWS Secrets Manager cannot be read (secret " + secretId + "): "
                    + e.getClass().getSimpleName(), e);
        }
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = WireJson.read(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("AWS secret " + secretId + " is not a JSON object of secrets");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalStateException("AWS secret " + secretId + " is not a JSON object of secrets");
        }
        Map<String, String> values = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                values.put(String.valueOf(k), v instanceof String s ? s : WireJson.write(v));
            }
        });
        return Map.copyOf(values);
    }

    private record Cached(Map<String, String> values, Instant until) {}
}
