package io.flowproof.functions.lambda;

import static io.flowproof.functions.lambda.LambdaInvocations.KEY;
import static io.flowproof.functions.lambda.LambdaInvocations.functionUrlEvent;
import static io.flowproof.functions.lambda.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.FlowproofApplication;
import io.flowproof.infra.json.WireJson;
import io.flowproof.infra.testing.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/** What SnapStart and cold starts rely on: init touches no database, migrations are their own function. */
class LambdaStartupTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    @Test
    void initialisesWithoutADatabaseAndAnswers503WhenItIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        System.setProperty("MAIN_CLASS", FlowproofApplication.class.getName());
        System.setProperty("spring.cloud.function.definition", "ingest");
        System.setProperty("flowproof.api-key", KEY);
        System.setProperty("flowproof.evaluation-mode", "sync");
        System.setProperty("flowproof.embedded-postgres.enabled", "false");
        System.setProperty("spring.flyway.enabled", "false");
        System.setProperty("spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + closedPort + "/nothing");
        System.setProperty("spring.r2dbc.username", "nobody");
        FunctionInvoker invoker;
        try {
            invoker = new FunctionInvoker(); // would fail here if init opened a connection
        } finally {
            for (String key : new String[] {"MAIN_CLASS", "spring.cloud.function.definition", "flowproof.api-key",
                    "flowproof.evaluation-mode", "flowproof.embedded-postgres.enabled", "spring.flyway.enabled",
                    "spring.r2dbc.url", "spring.r2dbc.username"}) {
                System.clearProperty(key);
            }
        }

        Map<String, Object> status = invoke(invoker, functionUrlEvent("GET", "/v1/status", "", KEY, null, false));
        assertThat(status.get("statusCode")).as("no database needed for the status check").isEqualTo(200L);

        String batch = "[{\"flow\":\"f\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]";
        Map<String, Object> ingest = invoke(invoker, functionUrlEvent("POST", "/v1/events-batch", "", KEY, batch, false));
        assertThat(ingest.get("statusCode")).isEqualTo(503L);
        assertThat(((Map<?, ?>) ingest.get("headers")).get("Retry-After")).isEqualTo("5");
        assertThat((String) WireJson.readObject((String) ingest.get("body")).get("detail")).contains("Nothing was stored");
    }

    @Test
    void theMigrateFunctionAppliesTheSchema() throws Exception {
        System.setProperty("MAIN_CLASS", FlowproofApplication.class.getName());
        System.setProperty("spring.cloud.function.definition", "migrate");
        System.setProperty("flowproof.api-key", KEY);
        System.setProperty("flowproof.evaluation-mode", "sync");
        System.setProperty("spring.flyway.enabled", "false");
        postgres.springProperties().forEach(System::setProperty);
        FunctionInvoker invoker;
        try {
            invoker = new FunctionInvoker();
        } finally {
            System.clearProperty("MAIN_CLASS");
            System.clearProperty("spring.cloud.function.definition");
            System.clearProperty("flowproof.api-key");
            System.clearProperty("flowproof.evaluation-mode");
            System.clearProperty("spring.flyway.enabled");
            postgres.springProperties().keySet().forEach(System::clearProperty);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);

        Map<String, Object> result = WireJson.readObject(out.toString(StandardCharsets.UTF_8));
        assertThat(result.get("schema_version")).isNotNull();
        assertThat(((Number) result.get("migrations_executed")).intValue()).isGreaterThanOrEqualTo(2);
    }
}
