package io.flowproof.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.flowproof.infra.postgres.LocalPostgres;
import io.flowproof.infra.postgres.LocalPostgresRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class DatabaseEnvironmentPostProcessorTest {

    private Path dataDirectory;

    @BeforeEach
    void createDataDirectory() throws Exception {
        dataDirectory = Files.createTempDirectory("flowproof-epp-").toRealPath();
    }

    @AfterEach
    void stopAndDelete() throws Exception {
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
    void mapsFlowproofDatabaseUrlFromTheEnvironmentWithoutStartingPostgres() {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "FLOWPROOF_DATABASE_URL", "postgresql://flow:pa%24%24@db.example.com:6543/flowproof?sslmode=require",
                "FLOWPROOF_DATA_DIR", dataDirectory.toString())));

        postProcessor(true).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.r2dbc.url"))
                .isEqualTo("r2dbc:postgresql://db.example.com:6543/flowproof?sslMode=require");
        assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo("flow");
        assertThat(environment.getProperty("spring.r2dbc.password")).isEqualTo("pa$$");
        assertThat(environment.getProperty("spring.flyway.url"))
                .isEqualTo("jdbc:postgresql://db.example.com:6543/flowproof?sslmode=require");
        assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("flow");
        assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("pa$$");
        assertThat(environment.getProperty("flowproof.database.kind")).isEqualTo("external");
        assertThat(environment.getProperty("flowproof.database.description")).isEqualTo("db.example.com:6543/flowproof");
        assertThat(dataDirectory.resolve("postgres")).doesNotExist();
        assertThat(LocalPostgresRegistry.find(dataDirectory)).isEmpty();
    }

    @Test
    void letsTheDatabaseUrlWinOverAnExistingR2dbcUrl() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("flowproof.database.url", "postgres://u:p@h/d")
                .withProperty("spring.r2dbc.url", "r2dbc:postgresql://elsewhere/x");

        postProcessor(true).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://h:5432/d");
    }

    @Test
    void failsOnAMalformedDatabaseUrlNamingTheVariable() {
        MockEnvironment environment = new MockEnvironment().withProperty("flowproof.database.url", "postgres://nohost");

        assertThatThrownBy(() -> postProcessor(true).postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("FLOWPROOF_DATABASE_URL");
    }

    @Test
    void leavesAnExplicitR2dbcUrlAlone() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.r2dbc.url", "r2dbc:postgresql://elsewhere:5432/x")
                .withProperty("flowproof.data-dir", dataDirectory.toString());

        postProcessor(true).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains("flowproofDatabase")).isFalse();
        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://elsewhere:5432/x");
        assertThat(dataDirectory.resolve("postgres")).doesNotExist();
    }

    @Test
    void doesNothingWhenTheEmbeddedPostgresIsDisabled() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("flowproof.embedded-postgres.enabled", "false")
                .withProperty("flowproof.data-dir", dataDirectory.toString());

        postProcessor(true).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.r2dbc.url")).isNull();
        assertThat(environment.getProperty("flowproof.database.kind")).isNull();
        assertThat(dataDirectory.resolve("postgres")).doesNotExist();
    }

    @Test
    void failsWithAdviceWhenNoDatabaseIsConfiguredAndNoEmbeddedPostgresIsAvailable() {
        MockEnvironment environment = new MockEnvironment().withProperty("flowproof.data-dir", dataDirectory.toString());

        assertThatThrownBy(() -> postProcessor(false).postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set FLOWPROOF_DATABASE_URL");
    }

    @Test
    void refusesARelativeDataDirectory() {
        MockEnvironment environment = new MockEnvironment().withProperty("flowproof.data-dir", "relative/dir");

        assertThatThrownBy(() -> postProcessor(true).postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void defaultsTheDataDirectoryToFlowproofInTheHomeDirectory() {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();

        assertThat(DataDirectory.resolve(null)).isEqualTo(home.resolve(".flowproof")).isAbsolute();
        assertThat(DataDirectory.resolve("~/fp-data")).isEqualTo(home.resolve("fp-data"));
        assertThat(DataDirectory.resolve("/srv/flowproof/")).isEqualTo(Path.of("/srv/flowproof"));
    }

    @Test
    void startsTheEmbeddedClusterInTheDataDirectoryAndPointsR2dbcAndFlywayAtIt() throws Exception {
        MockEnvironment environment = new MockEnvironment().withProperty("flowproof.data-dir", dataDirectory.toString());

        postProcessor(true).postProcessEnvironment(environment, new SpringApplication());

        LocalPostgres postgres = LocalPostgresRegistry.find(dataDirectory).orElseThrow();
        assertThat(postgres.clusterDirectory()).isEqualTo(dataDirectory.resolve("postgres"));
        assertThat(environment.getProperty("flowproof.database.kind")).isEqualTo("embedded");
        assertThat(environment.getProperty("flowproof.database.description"))
                .isEqualTo("localhost:" + postgres.port() + "/flowproof");
        assertThat(environment.getProperty("spring.r2dbc.url"))
                .isEqualTo("r2dbc:postgresql://localhost:" + postgres.port() + "/flowproof");
        assertThat(environment.getProperty("spring.r2dbc.password")).isNull();

        ConnectionFactory connectionFactory = ConnectionFactories.get(ConnectionFactoryOptions
                .parse(environment.getProperty("spring.r2dbc.url")).mutate()
                .option(ConnectionFactoryOptions.USER, environment.getProperty("spring.r2dbc.username"))
                .build());
        Mono<Integer> one = Mono.usingWhen(connectionFactory.create(),
                connection -> Mono.from(connection.createStatement("SELECT 1").execute())
                        .flatMap(result -> Mono.from(result.map((row, metadata) -> row.get(0, Integer.class)))),
                io.r2dbc.spi.Connection::close);
        StepVerifier.create(one).expectNext(1).verifyComplete();

        try (Connection connection = DriverManager.getConnection(environment.getProperty("spring.flyway.url"),
                environment.getProperty("spring.flyway.user"), null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("flowproof");
        }
    }

    @Test
    void sharesOneClusterBetweenApplicationsOnTheSameDataDirectory() {
        MockEnvironment first = new MockEnvironment().withProperty("flowproof.data-dir", dataDirectory.toString());
        MockEnvironment second = new MockEnvironment().withProperty("flowproof.data-dir", dataDirectory.toString());

        postProcessor(true).postProcessEnvironment(first, new SpringApplication());
        LocalPostgres postgres = LocalPostgresRegistry.find(dataDirectory).orElseThrow();
        postProcessor(true).postProcessEnvironment(second, new SpringApplication());

        assertThat(LocalPostgresRegistry.find(dataDirectory)).containsSame(postgres);
        assertThat(second.getProperty("spring.r2dbc.url")).isEqualTo(first.getProperty("spring.r2dbc.url"));
        LocalPostgresRegistry.release(dataDirectory);
        assertThat(postgres.isRunning()).isTrue();
        LocalPostgresRegistry.release(dataDirectory);
        assertThat(postgres.isRunning()).isFalse();
    }

    private static DatabaseEnvironmentPostProcessor postProcessor(boolean embeddedPostgresPresent) {
        return new DatabaseEnvironmentPostProcessor(LogFactory.getLog(DatabaseEnvironmentPostProcessorTest.class),
                () -> embeddedPostgresPresent);
    }
}
