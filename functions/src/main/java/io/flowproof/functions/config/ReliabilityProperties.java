package io.flowproof.functions.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Overload and idempotency settings (under {@code flowproof.*}; environment {@code FLOWPROOF_*}).
 *
 * @param maxInFlight {@code /v1} requests the local server works on at once ({@code FLOWPROOF_MAX_IN_FLIGHT}); one
 *     more is answered 503 with {@code Retry-After} at once, before its body is read, so a burst of clients
 *     costs neither queueing time nor memory. {@code /health}, {@code /} and CORS preflights are never shed.
 *     0 turns the limit off
 * @param idempotencyRetention how long an events batch's {@code Idempotency-Key} is remembered at least
 *     ({@code FLOWPROOF_IDEMPOTENCY_RETENTION}, a duration like {@code 24h}); the local app deletes older keys
 *     every {@code idempotencyCleanupInterval}, after which the key can be used again
 * @param idempotencyCleanupInterval how often the local app deletes expired keys
 *     ({@code FLOWPROOF_IDEMPOTENCY_CLEANUP_INTERVAL})
 */
@ConfigurationProperties("flowproof")
public record ReliabilityProperties(
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("10m") Duration idempotencyCleanupInterval) {}
