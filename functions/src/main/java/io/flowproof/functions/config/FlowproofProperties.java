package io.flowproof.functions.config;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code flowproof.*} (environment: {@code FLOWPROOF_*}).
 *
 * @param apiKey the API key ({@code FLOWPROOF_API_KEY}, else {@code BUSINESS_USE_API_KEY}); generated when empty
 * @param dataDir where the local app keeps its embedded database and generated key
 * @param corsAllowedOrigins origins browsers may call from; {@code *} for any
 * @param evaluationMode {@code async}: auto-evaluate after answering (local app); {@code sync}: before (Lambda)
 * @param maxBodyBytes largest accepted request body
 * @param maxBatchItems largest accepted events batch
 * @param maxDataBytes largest {@code data} (and {@code additional_meta}, {@code handler_input}) value, as JSON bytes
 * @param maxJsonDepth deepest nesting of a {@code data} value (the value itself is level 1)
 * @param maxIdLength longest flow, node id, run id, dep id or idempotency key
 * @param maxExpressionLength longest filter, validator or run-id extractor source
 */
@ConfigurationProperties("flowproof")
public record FlowproofProperties(
        String apiKey,
        Path dataDir,
        @DefaultValue("*") List<String> corsAllowedOrigins,
        @DefaultValue("async") String evaluationMode,
        @DefaultValue("10485760") int maxBodyBytes,
        @DefaultValue("10000") int maxBatchItems,
        @DefaultValue("1048576") int maxDataBytes,
        @DefaultValue("32") int maxJsonDepth,
        @DefaultValue("512") int maxIdLength,
        @DefaultValue("65536") int maxExpressionLength) {

    /** The request limits these settings describe. */
    public io.flowproof.functions.api.RequestLimits requestLimits() {
        return new io.flowproof.functions.api.RequestLimits(maxBodyBytes, maxBatchItems, maxDataBytes, maxJsonDepth, maxIdLength,
                maxExpressionLength);
    }
}
