package io.flowproof.infra.secrets;

import io.flowproof.domain.port.SecretResolver;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Asks each resolver in turn; the first that knows the key wins. Later resolvers are not asked. */
public final class SecretChain implements SecretResolver {

    private final List<SecretResolver> resolvers;

    public SecretChain(List<SecretResolver> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    public List<SecretResolver> resolvers() {
        return resolvers;
    }

    @Override
    public Mono<String> secret(String key) {
        return Flux.fromIterable(resolvers).concatMap(resolver -> resolver.secret(key), 1).next();
    }
}
