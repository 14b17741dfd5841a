package io.flowproof.functions;

import io.flowproof.infra.testing.PostgresExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The app on a random port against a database of its own in the test JVM's embedded Postgres. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "flowproof.api-key=" + ApiTestSupport.KEY)
@AutoConfigureWebTestClient
public abstract class ApiTestSupport {

    public static final String KEY = "test-key-123";

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        postgres.registerSpringProperties(registry);
    }

    @Autowired
    protected WebTestClient client;

    protected WebTestClient api() {
        return client.mutate().responseTimeout(Duration.ofSeconds(20)).defaultHeader("X-Api-Key", KEY).build();
    }

    protected static String resource(String path) {
        try (var in = ApiTestSupport.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
