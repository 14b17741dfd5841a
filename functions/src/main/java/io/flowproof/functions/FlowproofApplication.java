package io.flowproof.functions;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local app: the /v1 API on WebFlux, and the function beans the Lambda handler selects.
 * {@code java -jar functions.jar migrate} only applies the database migrations and exits;
 * {@code flows validate|sync [PATH]} checks or syncs YAML flow files ({@link FlowsCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlowproofApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(migrate(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("flows")) {
            System.exit(FlowsCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(FlowproofApplication.class, args);
    }

    /** Applies the Flyway migrations to the configured database (a deploy step) and reports the schema version. */
    static int migrate(String[] args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FlowproofApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.flyway.enabled=true", "flowproof.evaluation-mode=sync", "flowproof.flows-sync-on-start=false")
                .run(args);
        var current = context.getBean(Flyway.class).info().current();
        System.out.println("Flowproof database migrated: schema version " + (current == null ? "none" : current.getVersion()));
        return SpringApplication.exit(context);
    }
}
