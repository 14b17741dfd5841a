package io.flowproof.domain.port;

import io.flowproof.domain.flow.FlowSettings;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Flow-level settings (ensure timeouts, trigger retries, cron schedules), one row per flow. */
public interface FlowSettingsStore {

    /** Inserts or replaces a flow's settings. */
    Mono<FlowSettings> save(FlowSettings settings);

    /** A flow's settings; empty when the flow has none stored. */
    Mono<FlowSettings> find(String flow);

    /** Every flow's settings, by flow name. */
    Flux<FlowSettings> all();

    /** Flows that have a cron schedule. */
    Flux<FlowSettings> scheduled();
}
