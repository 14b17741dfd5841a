package io.flowproof.functions.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator surfaces under {@code flowproof.metrics.*} (environment {@code FLOWPROOF_METRICS_*}).
 *
 * @param prometheusPublic {@code /actuator/prometheus} answers without a key ({@code FLOWPROOF_METRICS_PROMETHEUS_PUBLIC},
 *     default {@code true}: the meters hold counts and durations only, no flow names, ids or data, and a scraper
 *     then needs no secret); {@code false} requires {@code X-Api-Key} or {@code Authorization: Bearer <key>}
 * @param emf CloudWatch embedded-metric-format output (Lambda)
 * @param databaseHealthTimeout how long the readiness check waits for {@code SELECT 1} before it reports the database DOWN
 */
@ConfigurationProperties("flowproof.metrics")
public record MetricsProperties(
        @DefaultValue("true") boolean prometheusPublic,
        @DefaultValue Emf emf,
        @DefaultValue("2s") Duration databaseHealthTimeout) {

    /**
     * @param enabled print the meters as EMF lines at the end of every function invocation
     *     ({@code FLOWPROOF_METRICS_EMF_ENABLED}; {@code template.yaml} turns it on)
     * @param namespace the CloudWatch namespace ({@code FLOWPROOF_METRICS_EMF_NAMESPACE})
     */
    public record Emf(@DefaultValue("false") boolean enabled, @DefaultValue("Flowproof") String namespace) {}
}
