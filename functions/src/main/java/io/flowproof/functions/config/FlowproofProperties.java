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
 */
@ConfigurationProperties("flowproof")
public record FlowproofProperties(
        String apiKey,
        Path dataDir,
        @DefaultValue("*") List<String> corsAllowedOrigins,
        @DefaultValue("async") String evaluationMode,
        @DefaultValue("10485760") int maxBodyBytes,
        @DefaultValue("10000") int maxBatchItems) {}
