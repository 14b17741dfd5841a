package io.flowproof.functions.config;

import io.flowproof.domain.port.SecretResolver;
import io.flowproof.infra.secrets.AwsSecretsManagerResolver;
import io.flowproof.infra.secrets.EnvironmentSecretResolver;
import io.flowproof.infra.secrets.FileSecretResolver;
import io.flowproof.infra.secrets.SecretChain;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code ${secret.KEY}} resolution, first match wins: {@code FLOWPROOF_SECRET_<KEY>} environment variables, then
 * {@code <flows dir>/secrets.yaml} (project), then {@code <data dir>/secrets.yaml} (global), then the AWS Secrets
 * Manager secret {@code FLOWPROOF_AWS_SECRET_ID} when it is set. Only where secrets come from is logged.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger("io.flowproof.secrets");
    private static final Duration AWS_CACHE = Duration.ofMinutes(5);

    @Bean
    SecretResolver secretResolver(FlowproofProperties flowproof, OperationsProperties operations, Clock clock,
            AwsClientHolder aws) {
        Path dataDir = flowproof.dataDir() != null ? flowproof.dataDir() : Path.of(System.getProperty("user.home"), ".flowproof");
        List<SecretResolver> chain = new ArrayList<>();
        chain.add(EnvironmentSecretResolver.system());
        chain.add(new FileSecretResolver(operations.flowsDir().resolve("secrets.yaml")));
        chain.add(new FileSecretResolver(dataDir.resolve("secrets.yaml")));
        List<String> sources = new ArrayList<>(List.of(EnvironmentSecretResolver.PREFIX + "*",
                operations.flowsDir().resolve("secrets.yaml").toString(), dataDir.resolve("secrets.yaml").toString()));
        if (aws.client != null) {
            chain.add(new AwsSecretsManagerResolver(aws.client, operations.awsSecretId(), clock, AWS_CACHE));
            sources.add("AWS Secrets Manager secret " + operations.awsSecretId());
        }
        log.debug("Secrets are looked up in: {}", sources);
        return new SecretChain(chain);
    }

    @Bean
    AwsClientHolder awsSecretsClient(OperationsProperties operations) {
        if (!StringUtils.hasText(operations.awsSecretId())) {
            return new AwsClientHolder(null);
        }
        var builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (StringUtils.hasText(operations.awsRegion())) {
            builder.region(Region.of(operations.awsRegion()));
        }
        if (StringUtils.hasText(operations.awsEndpoint())) {
            builder.endpointOverride(URI.create(operations.awsEndpoint()));
        }
        return new AwsClientHolder(builder.build());
    }

    /** The Secrets Manager client when one is configured, closed with the context. */
    static final class AwsClientHolder implements DisposableBean {
        private final SecretsManagerClient client;

        AwsClientHolder(SecretsManagerClient client) {
            this.client = client;
        }

        @Override
        public void destroy() {
            if (client != null) {
                client.close();
            }
        }
    }
}
