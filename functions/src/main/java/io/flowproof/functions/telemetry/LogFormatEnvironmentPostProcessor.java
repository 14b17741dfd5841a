package io.flowproof.functions.telemetry;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The one switch for structured logs: {@code FLOWPROOF_LOG_FORMAT} (or {@code flowproof.log-format}) = {@code json}
 * (Elastic Common Schema, same as {@code ecs}), {@code logstash}, {@code gelf}, or {@code text} (the default, Boot's
 * usual console lines). It sets Spring Boot's built-in {@code logging.structured.format.console}, before the logging
 * system starts; a value set there directly wins. Log lines that concern a run carry {@code flow}, {@code run_id}
 * and {@code ensure_run_id} as fields (see {@link io.flowproof.infra.logging.LogContext}).
 */
public final class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SWITCH = "flowproof.log-format";
    private static final String BOOT_PROPERTY = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty(SWITCH, environment.getProperty("FLOWPROOF_LOG_FORMAT", ""));
        String boot = switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "json", "ecs" -> "ecs";
            case "logstash" -> "logstash";
            case "gelf" -> "gelf";
            case "", "text", "plain" -> null;
            default -> throw new IllegalArgumentException("FLOWPROOF_LOG_FORMAT must be text, json, ecs, logstash or gelf, not '"
                    + format + "'");
        };
        if (boot != null && !environment.containsProperty(BOOT_PROPERTY)) {
            environment.getPropertySources().addLast(new MapPropertySource("flowproofLogFormat", Map.of(BOOT_PROPERTY, boot)));
        }
    }

    /** Before the logging system reads its settings (it does on the same event, after the post-processors). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
