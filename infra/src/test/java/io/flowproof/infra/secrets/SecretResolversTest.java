package io.flowproof.infra.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.port.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SecretResolversTest {

    @TempDir
    Path dir;

    @Test
    void readsAFlatYamlFileWithValuesAsStrings() throws IOException {
        Path file = dir.resolve("secrets.yaml");
        Files.writeString(file, """
                API_BASE_URL: https://api.example.com
                PORT: 8443
                RATIO: 1.5
                ENABLED: true
                EMPTY:
                """);
        var secrets = new FileSecretResolver(file);

        StepVerifier.create(secrets.secret("API_BASE_URL")).expectNext("https://api.example.com").verifyComplete();
        StepVerifier.create(secrets.secret("PORT")).expectNext("8443").verifyComplete();
        StepVerifier.create(secrets.secret("RATIO")).expectNext("1.5").verifyComplete();
        StepVerifier.create(secrets.secret("ENABLED")).expectNext("True").verifyComplete();
        StepVerifier.create(secrets.secret("EMPTY")).verifyComplete();
        StepVerifier.create(secrets.secret("ABSENT")).verifyComplete();
    }

    @Test
    void rereadsTheFileWhenItChangesAndToleratesAMissingOrBrokenFile() throws IOException {
        Path file = dir.resolve("secrets.yaml");
        var secrets = new FileSecretResolver(file);
        StepVerifier.create(secrets.secret("K")).verifyComplete();

        Files.writeString(file, "K: one\n");
        StepVerifier.create(secrets.secret("K")).expectNext("one").verifyComplete();
        Files.writeString(file, "K: two\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        StepVerifier.create(secrets.secret("K")).expectNext("two").verifyComplete();

        Files.writeString(file, "- not\n- a mapping\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        StepVerifier.create(secrets.secret("K")).verifyComplete();
        Files.writeString(file, "K: [unclosed\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(15)));
        StepVerifier.create(secrets.secret("K")).verifyComplete();
    }

    @Test
    void readsPrefixedEnvironmentVariables() {
        var env = new EnvironmentSecretResolver(Map.of("FLOWPROOF_SECRET_PAYMENT_API_KEY", "pk", "FLOWPROOF_SECRET_API_TOKEN", "tk",
                "PAYMENT_API_KEY", "not-a-secret-source"));

        StepVerifier.create(env.secret("PAYMENT_API_KEY")).expectNext("pk").verifyComplete();
        StepVerifier.create(env.secret("api.token")).expectNext("tk").verifyComplete();
        StepVerifier.create(env.secret("OTHER")).verifyComplete();
    }

    @Test
    void theFirstResolverThatKnowsAKeyWins() throws IOException {
        Path global = dir.resolve("global.yaml");
        Path project = dir.resolve("project.yaml");
        Files.writeString(global, "A: global-a\nB: global-b\nC: global-c\n");
        Files.writeString(project, "B: project-b\nC: project-c\n");
        SecretResolver failing = key -> Mono.error(new AssertionError("must not be asked"));
        var chain = new SecretChain(List.of(new EnvironmentSecretResolver(Map.of("FLOWPROOF_SECRET_C", "env-c")),
                new FileSecretResolver(project), new FileSecretResolver(global)));

        StepVerifier.create(chain.secret("A")).expectNext("global-a").verifyComplete();
        StepVerifier.create(chain.secret("B")).expectNext("project-b").verifyComplete();
        StepVerifier.create(chain.secret("C")).expectNext("env-c").verifyComplete();
        StepVerifier.create(chain.secret("D")).verifyComplete();
        StepVerifier.create(new SecretChain(List.of(new EnvironmentSecretResolver(Map.of("FLOWPROOF_SECRET_X", "x")), failing))
                .secret("X")).expectNext("x").verifyComplete();
        StepVerifier.create(new SecretChain(List.of()).secret("X")).verifyComplete();
    }
}
