package io.flowproof.functions.local;

import io.flowproof.functions.config.ApiKeySource;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** One clear line at start: where the API listens, which database it uses, and where the key comes from. */
@Component
final class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger("io.flowproof");

    private final Environment environment;
    private final ApiKeySource apiKey;

    StartupReport(Environment environment, ApiKeySource apiKey) {
        this.environment = environment;
        this.apiKey = apiKey;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return; // no web server (Lambda)
        }
        String kind = environment.getProperty("flowproof.database.kind", "external");
        String database = environment.getProperty("flowproof.database.description",
                environment.getProperty("spring.r2dbc.url", "?").replaceAll("//[^@/]*@", "//"));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        log.info("Flowproof ready in {} ms at http://localhost:{} | database: {} ({}) | API key: {}", uptime, port, kind,
                database, apiKey.origin());
    }
}
