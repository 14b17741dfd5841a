package io.flowproof.functions.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Functions that exist for the cloud deployment only. */
@Configuration(proxyBeanMethods = false)
public class LambdaConfiguration {

    /**
     * The deploy step that applies database migrations ({@code sam deploy} then one invocation of this
     * function). The request functions never migrate: that would run during Lambda init and SnapStart.
     * Blocking JDBC is fine here: the function runs on the invocation thread, not an event loop.
     */
    @Bean
    Function<Map<String, Object>, Map<String, Object>> migrate(Environment environment) {
        String url = environment.getProperty("spring.flyway.url");
        String user = environment.getProperty("spring.flyway.user");
        String password = environment.getProperty("spring.flyway.password");
        return ignored -> {
            if (url == null) {
                throw new IllegalStateException("No database to migrate: set FLOWPROOF_DATABASE_URL");
            }
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .load();
            int executed = flyway.migrate().migrationsExecuted;
            MigrationInfo current = flyway.info().current();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("migrations_executed", executed);
            result.put("schema_version", current == null ? null : current.getVersion().toString());
            return result;
        };
    }
}
