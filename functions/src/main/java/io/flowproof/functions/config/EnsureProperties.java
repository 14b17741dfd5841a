package io.flowproof.functions.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ensure-run settings under {@code flowproof.*} (environment: {@code FLOWPROOF_*}).
 *
 * @param commandTriggers allow {@code command} triggers ({@code FLOWPROOF_COMMAND_TRIGGERS}, default off)
 * @param outboundAllowedHosts hosts triggers may call ({@code FLOWPROOF_OUTBOUND_ALLOWED_HOSTS}, comma-separated;
 *     empty = any host except cloud metadata endpoints)
 * @param outboundAllowPrivate whether triggers may call loopback and private-network addresses that are not listed
 *     ({@code FLOWPROOF_OUTBOUND_ALLOW_PRIVATE}, default true for the local app; the Lambda template sets false)
 * @param pollIntervalMs how often the local ticker polls ({@code FLOWPROOF_POLL_INTERVAL_MS})
 * @param poller {@code flowproof.poller.enabled=false} ({@code FLOWPROOF_POLLER_ENABLED}) turns the local ticker off
 */
@ConfigurationProperties("flowproof")
public record EnsureProperties(
        @DefaultValue("false") boolean commandTriggers,
        List<String> outboundAllowedHosts,
        @DefaultValue("true") boolean outboundAllowPrivate,
        @DefaultValue("1000") long pollIntervalMs,
        @DefaultValue Poller poller) {

    public record Poller(@DefaultValue("true") boolean enabled) {}
}
