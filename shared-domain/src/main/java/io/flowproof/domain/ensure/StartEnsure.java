package io.flowproof.domain.ensure;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.port.EnsureRunStore;
import io.flowproof.domain.port.FlowSettingsStore;
import io.flowproof.domain.port.NodeStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Starts an ensure run of a flow and fires its first steps at once (the triggers, then a first evaluation), as
 * far as they go without waiting. A repeated idempotency key returns the flow's existing run and fires nothing:
 * the key is unique per flow in the store, so even concurrent starts with one key create one run.
 */
public final class StartEnsure {

    /**
     * @param flow the flow to ensure
     * @param idempotencyKey the caller's key, or null
     * @param timeoutMs overrides the flow's {@code ensure.timeout_ms}, or null
     * @param pollIntervalMs overrides the flow's {@code ensure.poll_interval_ms}, or null
     */
    public record Command(String flow, String idempotencyKey, Long timeoutMs, Long pollIntervalMs, EnsureOrigin origin) {}

    /** The run, and whether this call created it ({@code false}: an earlier start with the same key did). */
    public record Started(EnsureRun run, boolean created) {}

    private final EnsureRunStore store;
    private final NodeStore nodes;
    private final FlowSettingsStore settings;
    private final EnsureDriver driver;
    private final Supplier<UUID> ids;

    public StartEnsure(EnsureRunStore store, NodeStore nodes, FlowSettingsStore settings, EnsureDriver driver, Supplier<UUID> ids) {
        this.store = store;
        this.nodes = nodes;
        this.settings = settings;
        this.driver = driver;
        this.ids = ids;
    }

    public Mono<Started> start(Command command) {
        Mono<Started> existing = command.idempotencyKey() == null ? Mono.empty()
                : store.findByKey(command.flow(), command.idempotencyKey()).map(run -> new Started(run, false));
        return existing.switchIfEmpty(Mono.defer(() -> create(command)));
    }

    private Mono<Started> create(Command command) {
        String owner = "start-" + ids.get();
        return plan(command)
                .map(run -> run.leasedTo(owner, run.createdAt().plus(driver.lease())))
                .flatMap(run -> store.insert(run)
                        .doOnNext(inserted -> driver.moved(inserted, null))
                        .flatMap(inserted -> driver.drive(inserted, owner).defaultIfEmpty(inserted).map(last -> new Started(last, true)))
                        .switchIfEmpty(Mono.defer(() -> store.findByKey(command.flow(), command.idempotencyKey())
                                .map(other -> new Started(other, false)))));
    }

    private Mono<EnsureRun> plan(Command command) {
        return nodes.activeNodes(command.flow()).collectList()
                .zipWith(settings.find(command.flow()).defaultIfEmpty(FlowSettings.defaults(command.flow())))
                .map(loaded -> {
                    List<TriggerSpec> triggers = TriggerPlan.of(command.flow(), loaded.getT1());
                    EnsureOptions options = options(loaded.getT2(), command);
                    Instant now = driver.clock().instant();
                    return EnsureRun.pending(ids.get().toString(), command.flow(), command.origin(), command.idempotencyKey(),
                            options, triggers.stream().map(TriggerSpec::nodeId).toList(), now);
                });
    }

    private static EnsureOptions options(FlowSettings settings, Command command) {
        if (command.timeoutMs() != null && command.timeoutMs() <= 0) {
            throw new DomainException.Invalid(List.of("body", "timeout_ms"), "Input should be greater than 0");
        }
        if (command.pollIntervalMs() != null && command.pollIntervalMs() <= 0) {
            throw new DomainException.Invalid(List.of("body", "poll_interval_ms"), "Input should be greater than 0");
        }
        return EnsureOptions.of(settings, command.timeoutMs(), command.pollIntervalMs());
    }
}
