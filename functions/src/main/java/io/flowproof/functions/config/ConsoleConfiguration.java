package io.flowproof.functions.config;

import io.flowproof.functions.console.ConsoleAssets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The web console's static files, served under {@code /ui/} by the same router as the API. */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

    @Bean
    ConsoleAssets consoleAssets() {
        return ConsoleAssets.fromClasspath(ConsoleConfiguration.class.getClassLoader());
    }
}
