package io.flowproof.infra.secrets;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import reactor.test.StepVerifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;

/** Against LocalStack's Secrets Manager; skipped (not failed) where Docker is not available. */
@Testcontainers(disabledWithoutDocker = true)
class AwsSecretsManagerResolverTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
            .withServices("secretsmanager");

    private static SecretsManagerClient client() {
        return SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(LOCALSTACK.getEndpoint().toString()))
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
                        LOCALSTACK.getSecretKey())))
                .build();
    }

    @Test
    void readsKeysOfAJsonSecretAndTreatsAMissingSecretAsEmpty() {
        try (SecretsManagerClient client = client()) {
            client.createSecret(CreateSecretRequest.builder().name("flowproof/test")
                    .secretString("{\"PAYMENT_API_KEY\":\"pk-123\",\"PORT\":8443}").build());
            var resolver = new AwsSecretsManagerResolver(client, "flowproof/test", Clock.systemUTC(), Duration.ofMinutes(5));

            StepVerifier.create(resolver.secret("PAYMENT_API_KEY")).expectNext("pk-123").verifyComplete();
            StepVerifier.create(resolver.secret("PORT")).expectNext("8443").verifyComplete();
            StepVerifier.create(resolver.secret("ABSENT")).verifyComplete();

            var missing = new AwsSecretsManagerResolver(client, "flowproof/none", Clock.systemUTC(), Duration.ofMinutes(5));
            StepVerifier.create(missing.secret("PAYMENT_API_KEY")).verifyComplete();
        }
    }
}
