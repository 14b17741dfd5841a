package io.flowproof.infra.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowproof.infra.postgres.DatabaseSettings;
import io.flowproof.infra.postgres.LocalPostgres;
import io.flowproof.infra.postgres.LocalPostgresRegistry;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one embedded Postgres of a test JVM, in a temporary data directory (never the developer's
 * {@code ~/.flowproof}; see {@link TestDataDirectory}), started on first use and stopped and deleted at JVM exit.
 *
 * <pre>{@code
 * // the shared database "flowproof":
 * @ExtendWith(PostgresExtension.class)
 *
 * // a database of its own for this test class (CREATE DATABASE ... TEMPLATE template1):
 * @RegisterExtension
 * static final PostgresExtension postgres = PostgresExtension.freshDatabase();
 *
 * // Spring Boot tests:
 * @DynamicPropertySource
 * static void database(DynamicPropertyRegistry registry) { postgres.registerSpringProperties(registry); }
 * }</pre>
 *
 * <p>The first use also sets the system property {@code flowproof.data-dir} to the temporary directory. A Spring
 * Boot test therefore never starts a cluster in {@code ~/.flowproof}: the environment post-processor runs before
 * {@code @DynamicPropertySource} values are visible, finds no URL and joins this very cluster through
 * {@link LocalPostgresRegistry}; the dynamic properties then point the context at the test class's database.
 *
 * <p>Databases live until the JVM ends (dropping one under a cached Spring context would break that context).
 */
public final class PostgresExtension implements BeforeAllCallback {

    public static final String DATA_DIR_PROPERTY = TestDataDirectory.PROPERTY;

    private static final AtomicInteger FRESH_DATABASES = new AtomicInteger();

    private final String database;
    private final String template;
    private volatile boolean created;

    /** The shared database {@code flowproof}; used by {@code @ExtendWith(PostgresExtension.class)}. */
    public PostgresExtension() {
        this(LocalPostgres.DEFAULT_DATABASE, null);
    }

    private PostgresExtension(String database, String template) {
        this.database = database;
        this.template = template;
    }

    /** A new, empty database for each extension instance (use a static field: one per test class). */
    public static PostgresExtension freshDatabase() {
        return freshDatabaseFrom("template1");
    }

    /** A new database copied from {@code template}, e.g. one migrated once; it must have no open connections. */
    public static PostgresExtension freshDatabaseFrom(String template) {
        return new PostgresExtension("test_" + FRESH_DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid(),
                template);
    }

    /** The JVM-wide cluster, started on first use. */
    public static LocalPostgres cluster() {
        return Cluster.INSTANCE.postgres;
    }

    /** The temporary data directory of {@link #cluster()}. */
    public static Path dataDirectory() {
        return Cluster.INSTANCE.dataDirectory;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureDatabase();
    }

    public String host() {
        return settings().host();
    }

    public int port() {
        return settings().port();
    }

    public String database() {
        return database;
    }

    public String username() {
        return settings().username();
    }

    /** Empty: the local cluster trusts local connections. */
    public String password() {
        return settings().password();
    }

    public String r2dbcUrl() {
        return settings().r2dbcUrl();
    }

    public String jdbcUrl() {
        return settings().jdbcUrl();
    }

    /** Connection settings for this extension's database (creating it if needed). */
    public DatabaseSettings settings() {
        ensureDatabase();
        return cluster().settings(database);
    }

    /** {@code spring.r2dbc.*} and {@code spring.flyway.*} for this database, e.g. for {@code @SpringBootTest(properties)}. */
    public Map<String, String> springProperties() {
        DatabaseSettings settings = settings();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.r2dbc.url", settings.r2dbcUrl());
        properties.put("spring.r2dbc.username", settings.username());
        properties.put("spring.r2dbc.password", settings.password());
        properties.put("spring.flyway.url", settings.jdbcUrl());
        properties.put("spring.flyway.user", settings.username());
        properties.put("spring.flyway.password", settings.password());
        properties.put(DATA_DIR_PROPERTY, dataDirectory().toString());
        return properties;
    }

    /** For a {@code @DynamicPropertySource} method; values are read when the context asks for them. */
    public void registerSpringProperties(DynamicPropertyRegistry registry) {
        for (String name : springProperties().keySet()) {
            registry.add(name, () -> springProperties().get(name));
        }
    }

    private void ensureDatabase() {
        if (created) {
            return;
        }
        synchronized (this) {
            if (!created) {
                if (template != null) {
                    cluster().createDatabase(database, template);
                }
                created = true;
            }
        }
    }

    /** Holder idiom: started by the first class that touches it, once per JVM. */
    private static final class Cluster {

        private static final Cluster INSTANCE = new Cluster();

        private final Path dataDirectory;
        private final LocalPostgres postgres;

        private Cluster() {
            String chosen = System.getProperty(DATA_DIR_PROPERTY);
            // a directory chosen by the run (normally TestDataDirectoryListener's) is shared, so a Spring context
            // started before this extension and this extension end up on one cluster
            dataDirectory = chosen != null ? Path.of(chosen) : TestDataDirectory.path();
            if (dataDirectory.startsWith(Path.of(System.getProperty("user.home"), ".flowproof"))) {
                throw new IllegalStateException(DATA_DIR_PROPERTY + " points into ~/.flowproof; tests never use "
                        + "the developer's data directory");
            }
            System.setProperty(DATA_DIR_PROPERTY, dataDirectory.toString());
            postgres = LocalPostgresRegistry.acquire(dataDirectory);
        }
    }
}
