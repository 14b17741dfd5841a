package io.flowproof.functions.lambda;

import static io.flowproof.functions.lambda.LambdaInvocations.functionUrlEvent;
import static io.flowproof.functions.lambda.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.infra.testing.PostgresExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/** The web console from a function URL (the cloud deployment): public files with their content types. */
class ConsoleFunctionUrlTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    private static FunctionInvoker evaluate;

    @BeforeAll
    static void start() {
        evaluate = LambdaInvocations.invoker(postgres, "evaluate");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesTheConsoleWithoutAKey() {
        Map<String, Object> page = invoke(evaluate, functionUrlEvent("GET", "/ui/", "", null, null, false));
        assertThat(page.get("statusCode")).isEqualTo(200L);
        assertThat((Map<String, Object>) page.get("headers")).containsEntry("Content-Type", "text/html; charset=utf-8");
        assertThat((String) page.get("body")).contains("<script type=\"module\" src=\"app.js\">");

        Map<String, Object> module = invoke(evaluate, functionUrlEvent("GET", "/ui/app.js", "", null, null, false));
        assertThat(module.get("statusCode")).isEqualTo(200L);
        assertThat((Map<String, Object>) module.get("headers")).containsEntry("Content-Type", "text/javascript; charset=utf-8");
        assertThat((String) module.get("body")).contains("import { api, apiKey, ApiError } from './api.js';");

        assertThat(invoke(evaluate, functionUrlEvent("GET", "/v1/nodes", "", null, null, false)).get("statusCode")).isEqualTo(401L);
    }
}
