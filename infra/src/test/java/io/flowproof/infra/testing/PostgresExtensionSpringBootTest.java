package io.flowproof.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.test.StepVerifier;

/** How the functions module's Spring Boot tests use the extension: a migrated database of their own. */
@SpringBootTest(classes = PostgresExtensionSpringBootTest.SmokeApplication.class,
        properties = "spring.flyway.locations=classpath:db/testmigration")
class PostgresExtensionSpringBootTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        postgres.registerSpringProperties(registry);
    }

    @Autowired
    private DatabaseClient databaseClient;

    @Autowired
    private Environment environment;

    @Test
    void pointsTheContextAtTheTestClassDatabaseInTheTemporaryCluster() {
        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo(postgres.r2dbcUrl());
        assertThat(environment.getProperty("flowproof.data-dir"))
                .isEqualTo(PostgresExtension.dataDirectory().toString());

        StepVerifier.create(databaseClient.sql("SELECT current_database() AS db, "
                                + "(SELECT note FROM smoke_notes WHERE id = 1) AS note")
                        .map(row -> row.get("db", String.class) + ":" + row.get("note", String.class))
                        .one())
                .expectNext(postgres.database() + ":migrated by flyway")
                .verifyComplete();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SmokeApplication {
    }
}
