package io.flowproof.domain.ensure;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.port.EnsureRunStore;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read side of ensure runs: the list, and one run with its full step trace. */
public final class FindEnsureRuns {

    /** A run with its step attempts, in the order they started. */
    public record Detail(EnsureRun run, List<EnsureStep> steps) {}

    private final EnsureRunStore store;

    public FindEnsureRuns(EnsureRunStore store) {
        this.store = store;
    }

    public Flux<EnsureRun> list(EnsureQuery query) {
        return store.list(query);
    }

    public Mono<Detail> detail(String id) {
        return store.find(id)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Ensure run not found: " + id)))
                .zipWith(store.steps(id).collectList(), Detail::new);
    }
}
