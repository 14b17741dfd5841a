package io.flowproof.infra.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.flowproof.infra.postgres.LocalPostgres;
import io.flowproof.infra.postgres.LocalPostgresRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** The post-processor as Spring Boot runs it: registered in spring.factories, Flyway and R2DBC auto-configured. */
class EmbeddedDatabaseApplicationTest {

    private Path dataDirectory;

    @BeforeEach
    void createDataDirectory() throws Exception {
        dataDirectory = Files.createTempDirectory("flowproof-app-").toRealPath();
    }

    @AfterEach
    void deleteDataDirectory() throws Exception {
        while (LocalPostgresRegistry.find(dataDirectory).isPresent()) {
            LocalPostgresRegistry.release(dataDirectory);
        }
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void startsTheEmbeddedDatabaseMigratesItAndStopsItWhenTheContextCloses() {
        LocalPostgres postgres;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SmokeApplication.class)
                .web(WebApplicationType.NONE)
                // command-line arguments outrank the flowproof.data-dir system property the test extension sets
                .run("--flowproof.data-dir=" + dataDirectory, "--spring.flyway.locations=classpath:db/testmigration")) {
            postgres = LocalPostgresRegistry.find(dataDirectory).orElseThrow();
            assertThat(context.getEnvironment().getProperty("flowproof.database.kind")).isEqualTo("embedded");

            StepVerifier.create(context.getBean(DatabaseClient.class)
                            .sql("SELECT note FROM smoke_notes WHERE id = 1")
                            .map(row -> row.get("note", String.class))
                            .one())
                    .expectNext("migrated by flyway")
                    .verifyComplete();
        }
        assertThat(postgres.isRunning()).isFalse();
        assertThat(LocalPostgresRegistry.find(dataDirectory)).isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SmokeApplication {
    }
}
