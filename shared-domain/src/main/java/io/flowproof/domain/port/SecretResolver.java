package io.flowproof.domain.port;

import reactor.core.publisher.Mono;

/**
 * Looks up {@code ${secret.KEY}} values (secrets file, environment, AWS Secrets Manager). Values are never
 * logged, returned by the API or stored in step inputs.
 */
public interface SecretResolver {

    /** The secret's value; empty when it does not exist. */
    Mono<String> secret(String key);
}
