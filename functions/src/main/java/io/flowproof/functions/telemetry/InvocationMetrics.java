package io.flowproof.functions.telemetry;

import reactor.core.publisher.Mono;

/**
 * What a cloud function does with the metrics of one invocation: on Lambda ({@link EmfTelemetry}) they are written
 * as embedded-metric-format lines when the invocation's answer is ready; elsewhere nothing happens here (Prometheus
 * scrapes the registry).
 */
public interface InvocationMetrics {

    InvocationMetrics NONE = new InvocationMetrics() {
        @Override
        public <T> Mono<T> around(Mono<T> invocation) {
            return invocation;
        }
    };

    /** The invocation, publishing its metrics once it has its answer (or failed). */
    <T> Mono<T> around(Mono<T> invocation);
}
