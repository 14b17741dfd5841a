package io.flowproof.functions.lambda;

import io.flowproof.functions.FlowproofApplication;
import io.flowproof.infra.json.WireJson;
import io.flowproof.infra.testing.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Runs functions the way AWS Lambda does: the real {@link FunctionInvoker} with
 * {@code spring.cloud.function.definition} selecting the bean, fed recorded event JSON. Like a deployed
 * function it has no web server, evaluates synchronously and does not migrate at start (the test migrates
 * the database first, as the deploy step would).
 */
final class LambdaInvocations {

    static final String KEY = "lambda-test-key";

    private static final List<String> PROPERTIES = new ArrayList<>();

    private LambdaInvocations() {}

    static FunctionInvoker invoker(PostgresExtension postgres, String definition) {
        return invoker(postgres, definition, new String[0]);
    }

    /** @param extraProperties more system properties for the function's start, as {@code key=value} */
    static FunctionInvoker invoker(PostgresExtension postgres, String definition, String... extraProperties) {
        for (String property : extraProperties) {
            int equals = property.indexOf('=');
            set(property.substring(0, equals), property.substring(equals + 1));
        }
        Flyway.configure().dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:db/migration").load().migrate();
        set("MAIN_CLASS", FlowproofApplication.class.getName());
        set("spring.cloud.function.definition", definition);
        set("flowproof.api-key", KEY);
        set("flowproof.evaluation-mode", "sync");
        set("flowproof.embedded-postgres.enabled", "false");
        set("spring.flyway.enabled", "false");
        set("spring.r2dbc.url", postgres.r2dbcUrl());
        set("spring.r2dbc.username", postgres.username());
        set("spring.r2dbc.password", postgres.password());
        try {
            return new FunctionInvoker();
        } finally {
            clear();
        }
    }

    private static void set(String key, String value) {
        System.setProperty(key, value == null ? "" : value);
        PROPERTIES.add(key);
    }

    private static void clear() {
        PROPERTIES.forEach(System::clearProperty);
        PROPERTIES.clear();
    }

    /** A function-URL (payload 2.0) request event, as Lambda delivers it. */
    static String functionUrlEvent(String method, String path, String query, String apiKey, String body, boolean base64) {
        String template = resource("lambda-events/function-url-request.json");
        String headers = apiKey == null ? "" : ",\n    \"x-api-key\": " + WireJson.write(apiKey);
        String encoded = body == null ? "null"
                : WireJson.write(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        return template.replace("${path}", path).replace("${query}", query).replace("${method}", method)
                .replace("${headers}", headers).replace("${length}", String.valueOf(body == null ? 0 : body.length()))
                .replace("${body}", encoded).replace("${base64}", String.valueOf(base64));
    }

    /** Invokes and returns the function-URL response ({@code statusCode}, {@code headers}, {@code body}). */
    static Map<String, Object> invoke(FunctionInvoker invoker, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return WireJson.readObject(out.toString(StandardCharsets.UTF_8));
    }

    static String resource(String path) {
        try (var in = LambdaInvocations.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
