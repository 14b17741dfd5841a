package io.flowproof.functions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The local app: the /v1 API on WebFlux, and the function beans the Lambda handler selects. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlowproofApplication {

    public static void main(String[] args) {
        SpringApplication.run(FlowproofApplication.class, args);
    }
}
