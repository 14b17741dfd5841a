package io.flowproof.domain.ensure;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.Schedule;
import io.flowproof.domain.port.CronCalculator;
import io.flowproof.domain.port.EnsureRunStore;
import io.flowproof.domain.port.FlowSettingsStore;
import io.flowproof.domain.port.NodeStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Starts the ensure runs of cron schedules: for each scheduled flow, the latest slot at or before now (looking
 * back at most {@code grace}; older missed slots are skipped, not replayed) is fired once, even when several
 * pollers race: the store records (flow, slot) and inserts the run in one transaction, under a unique key.
 * The new run is due at once, so the same poll tick advances it.
 *
 * <p>A flow whose triggers cannot run still consumes its slot, with a run that ends in {@code error} at once
 * (visible in the API and notified), rather than failing silently on every tick.
 */
public final class FireSchedules {

    private final FlowSettingsStore settings;
    private final NodeStore nodes;
    private final EnsureRunStore store;
    private final CronCalculator cron;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Duration grace;
    private final Consumer<String> problems;

    public FireSchedules(FlowSettingsStore settings, NodeStore nodes, EnsureRunStore store, CronCalculator cron, Clock clock,
            Supplier<UUID> ids, Duration grace, Consumer<String> problems) {
        this.settings = settings;
        this.nodes = nodes;
        this.store = store;
        this.cron = cron;
        this.clock = clock;
        this.ids = ids;
        this.grace = grace;
        this.problems = problems;
    }

    /** Fires the due slots; emits how many runs this call started. */
    public Mono<Integer> fireDue() {
        Instant now = clock.instant();
        return settings.scheduled()
                .concatMap(flow -> fire(flow, now).onErrorResume(error -> {
                    problems.accept("schedule of flow '" + flow.flow() + "' not fired: " + EnsureDriver.describe(error));
                    return Mono.just(0);
                }))
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> fire(FlowSettings flow, Instant now) {
        Instant slot = latestSlot(flow.schedule(), now);
        if (slot == null) {
            return Mono.just(0);
        }
        return nodes.activeNodes(flow.flow()).collectList()
                .map(active -> run(flow, slot, active, now))
                .flatMap(run -> store.startScheduled(slot, run))
                .map(fired -> fired ? 1 : 0);
    }

    /** The latest fire time in {@code (now - grace, now]}, or null. */
    Instant latestSlot(Schedule schedule, Instant now) {
        Instant latest = null;
        Instant next = cron.next(schedule.cron(), schedule.zone(), now.minus(grace));
        while (next != null && !next.isAfter(now)) {
            latest = next;
            next = cron.next(schedule.cron(), schedule.zone(), next);
        }
        return latest;
    }

    private EnsureRun run(FlowSettings flow, Instant slot, List<io.flowproof.domain.model.NodeDefinition> active, Instant now) {
        String key = "schedule:" + slot;
        EnsureOptions options = EnsureOptions.of(flow, null, null);
        String id = ids.get().toString();
        try {
            List<String> triggers = TriggerPlan.of(flow.flow(), active).stream().map(TriggerSpec::nodeId).toList();
            return EnsureRun.pending(id, flow.flow(), EnsureOrigin.SCHEDULE, key, options, triggers, now);
        } catch (DomainException e) {
            EnsureRun pending = EnsureRun.pending(id, flow.flow(), EnsureOrigin.SCHEDULE, key, options, List.of(), now);
            return pending.edit().state(EnsureState.ERROR).error(e.getMessage()).wakeAt(null).finishedAt(now)
                    .lastResult(io.flowproof.domain.evaluation.EvalResult.terminal(io.flowproof.domain.evaluation.EvalStatus.ERROR, 0))
                    .build();
        }
    }
}
