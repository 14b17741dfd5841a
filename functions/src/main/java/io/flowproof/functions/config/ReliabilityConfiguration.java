package io.flowproof.functions.config;

import io.flowproof.domain.port.EventStore;
import io.flowproof.functions.local.BatchKeyCleaner;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Local-app housekeeping for the reliability features (on Lambda nothing runs between invocations). */
@Configuration(proxyBeanMethods = false)
public class ReliabilityConfiguration {

    @Bean
    @ConditionalOnProperty(name = "flowproof.evaluation-mode", havingValue = "async", matchIfMissing = true)
    BatchKeyCleaner batchKeyCleaner(EventStore events, Clock clock, ReliabilityProperties properties) {
        return new BatchKeyCleaner(events, clock, properties.idempotencyRetention(), properties.idempotencyCleanupInterval());
    }
}
