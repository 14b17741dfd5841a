package io.flowproof.sdk.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.flowproof.sdk.Flowproof;
import io.flowproof.sdk.FlowproofClient;
import io.flowproof.sdk.FlowproofSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a {@link FlowproofClient} from {@code flowproof.sdk.*} and closes it (sending what is queued, within
 * {@code flowproof.sdk.shutdown-timeout}) when the application context closes. The client is also installed behind
 * the static {@link Flowproof} calls unless {@code flowproof.sdk.register-global=false}.
 *
 * <p>The SDK's own JVM shutdown hook is off here: the context's shutdown does the flush, in the right order relative
 * to the application's other beans. The application's Jackson {@link JsonMapper}, when it has one, serialises event
 * data, so data objects look the way the application's JSON does.
 */
@AutoConfiguration
@ConditionalOnClass(FlowproofClient.class)
@ConditionalOnProperty(prefix = "flowproof.sdk", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FlowproofSdkProperties.class)
public class FlowproofSdkAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public FlowproofClient flowproofClient(FlowproofSdkProperties properties, ObjectProvider<JsonMapper> jsonMapper) {
        FlowproofSettings settings = FlowproofSettings.builder()
                .url(properties.url())
                .apiKey(properties.apiKey())
                .batchSize(properties.batchSize())
                .flushInterval(properties.flushInterval())
                .maxQueueSize(properties.maxQueueSize())
                .requestTimeout(properties.requestTimeout())
                .maxRetries(properties.maxRetries())
                .statusCheckTimeout(properties.statusCheckTimeout())
                .shutdownTimeout(properties.shutdownTimeout())
                .jsonMapper(jsonMapper.getIfAvailable())
                .shutdownHook(false)
                .build();
        FlowproofClient client = FlowproofClient.start(settings);
        if (properties.registerGlobal()) {
            Flowproof.use(client);
        }
        return client;
    }
}
