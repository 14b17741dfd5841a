package io.flowproof.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.infra.json.WireJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deploys the real Lambda artifact ({@code functions-<version>-aws.jar}) to LocalStack's Lambda with the
 * handler and settings of {@code template.yaml} and invokes it with a function-URL event. Runs where Docker is
 * available; skipped (reported, not failed) where it is not, e.g. on the build machine without a Docker daemon.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackLambdaIT {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
            .withServices("lambda", "s3");

    @Test
    void deploysTheArtifactAndAnswersAFunctionUrlRequest() throws Exception {
        Path jar;
        try (var jars = Files.list(Path.of("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().endsWith("-aws.jar")).findFirst().orElseThrow();
        }
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        URI endpoint = URI.create(LOCALSTACK.getEndpoint().toString());
        Region region = Region.of(LOCALSTACK.getRegion());
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                        .region(region).credentialsProvider(credentials).forcePathStyle(true).build();
                LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                        .region(region).credentialsProvider(credentials)
                        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMinutes(5))).build()) {
            s3.createBucket(b -> b.bucket("artifacts"));
            s3.putObject(b -> b.bucket("artifacts").key("flowproof.jar"), RequestBody.fromFile(jar));

            lambda.createFunction(f -> f.functionName("flowproof-ingest")
                    .runtime(Runtime.JAVA21)
                    .role("arn:aws:iam::000000000000:role/lambda-role")
                    .handler("org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest")
                    .code(FunctionCode.builder().s3Bucket("artifacts").s3Key("flowproof.jar").build())
                    .memorySize(1024)
                    .timeout(60)
                    .environment(e -> e.variables(Map.of(
                            "MAIN_CLASS", "io.flowproof.functions.FlowproofApplication",
                            "SPRING_CLOUD_FUNCTION_DEFINITION", "ingest",
                            "FLOWPROOF_API_KEY", LambdaInvocations.KEY,
                            "FLOWPROOF_EVALUATION_MODE", "sync",
                            "FLOWPROOF_EMBEDDED_POSTGRES_ENABLED", "false",
                            "SPRING_FLYWAY_ENABLED", "false",
                            "SPRING_R2DBC_URL", "r2dbc:postgresql://127.0.0.1:1/unused",   // never opened: /v1/status needs no database
                            "SPRING_R2DBC_POOL_INITIAL_SIZE", "0",
                            "SPRING_MAIN_LAZY_INITIALIZATION", "true"))));
            lambda.waiter().waitUntilFunctionActiveV2(w -> w.functionName("flowproof-ingest"));

            String event = LambdaInvocations.functionUrlEvent("GET", "/v1/status", "", LambdaInvocations.KEY, null, false);
            var response = lambda.invoke(i -> i.functionName("flowproof-ingest").payload(SdkBytes.fromString(event, StandardCharsets.UTF_8)));

            assertThat(response.functionError()).isNull();
            Map<String, Object> result = WireJson.readObject(response.payload().asUtf8String());
            assertThat(result.get("statusCode")).isEqualTo(200L);
            assertThat(WireJson.readObject((String) result.get("body"))).containsEntry("message", "ok");

            String unauthorized = LambdaInvocations.functionUrlEvent("GET", "/v1/status", "", null, null, false);
            var denied = lambda.invoke(i -> i.functionName("flowproof-ingest").payload(SdkBytes.fromString(unauthorized, StandardCharsets.UTF_8)));
            assertThat(WireJson.readObject(denied.payload().asUtf8String()).get("statusCode")).isEqualTo(401L);
        }
    }
}
