package io.flowproof.functions.telemetry;

import io.flowproof.domain.port.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Metrics, contextual logs and the database readiness check. Locally the use cases report to Micrometer (scraped
 * at {@code /actuator/prometheus}); with {@code flowproof.metrics.emf.enabled} (Lambda) to {@link EmfTelemetry}
 * instead, flushed at the end of every invocation. Both also log ({@link LogTelemetry}).
 */
@Configuration(proxyBeanMethods = false)
public class TelemetryConfiguration {

    @Bean
    @ConditionalOnProperty(name = "flowproof.metrics.emf.enabled", havingValue = "true")
    EmfTelemetry emfTelemetry(MetricsProperties properties, Clock clock, Environment environment) {
        String definition = environment.getProperty("spring.cloud.function.definition", "");
        String function = definition.isBlank() || definition.contains(";") ? "app" : definition;
        return new EmfTelemetry(properties.emf().namespace(), function, clock, () -> System.out);
    }

    /** Primary: {@link EmfTelemetry}, when present, is a {@code Telemetry} too, and only part of this one. */
    @Bean
    @Primary
    Telemetry telemetry(ObjectProvider<EmfTelemetry> emf, ObjectProvider<MeterRegistry> registry) {
        EmfTelemetry cloud = emf.getIfAvailable();
        // on Lambda the registry is never asked for: with lazy initialization it is then never built
        MeterRegistry meters = cloud != null ? null : registry.getIfAvailable();
        Telemetry metrics = cloud != null ? cloud : meters != null ? new MicrometerTelemetry(meters) : Telemetry.NONE;
        return new CompositeTelemetry(metrics, new LogTelemetry());
    }

    @Bean
    @Primary
    InvocationMetrics invocationMetrics(ObjectProvider<EmfTelemetry> emf) {
        EmfTelemetry cloud = emf.getIfAvailable();
        return cloud != null ? cloud : InvocationMetrics.NONE;
    }

    /** {@code database} in {@code /actuator/health} and its readiness group. */
    @Bean
    DatabaseHealthIndicator databaseHealthIndicator(DatabaseClient db, MetricsProperties properties) {
        return new DatabaseHealthIndicator(db, properties.databaseHealthTimeout());
    }
}
