package io.flowproof.functions.lambda;

import static io.flowproof.functions.lambda.LambdaInvocations.KEY;
import static io.flowproof.functions.lambda.LambdaInvocations.functionUrlEvent;
import static io.flowproof.functions.lambda.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.infra.json.WireJson;
import io.flowproof.infra.testing.PostgresExtension;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/** The {@code evaluate} Lambda behind its function URL: what the UI and the CLI call. */
class EvaluateFunctionUrlTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    private static FunctionInvoker evaluate;
    private static FunctionInvoker ingest;

    @BeforeAll
    static void start() {
        evaluate = LambdaInvocations.invoker(postgres, "evaluate");
        ingest = LambdaInvocations.invoker(postgres, "ingest");
        String batch = """
                [{"flow":"lam","id":"a","run_id":"r1","type":"act","data":{"amount":5},"ts":1700000000000000000},
                 {"flow":"lam","id":"b","run_id":"r1","type":"assert","data":{"charged":5},"ts":1700000000001000000,
                  "dep_ids":["a"],"validator":{"engine":"js","script":"data.charged === ctx.data.amount"}}]
                """;
        assertThat(invoke(ingest, functionUrlEvent("POST", "/v1/events-batch", "", KEY, batch, false)).get("statusCode")).isEqualTo(200L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluatesARunAndStoresTheResult() throws Exception {
        Map<String, Object> response = invoke(evaluate, functionUrlEvent("POST", "/v1/run-eval", "", KEY,
                "{\"run_id\":\"r1\",\"flow\":\"lam\"}", false));

        assertThat(response.get("statusCode")).isEqualTo(200L);
        Map<String, Object> result = WireJson.readObject((String) response.get("body"));
        assertThat(result.get("status")).isEqualTo("passed");
        assertThat((List<Map<String, Object>>) result.get("exec_info")).extracting(i -> i.get("message"))
                .containsExactly("Node validation passed", "Validator passed");
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                var rows = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM eval_outputs WHERE run_id = 'r1' AND trigger_ev_id IS NULL")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagesEventsWithRepeatedQueryParameters() {
        Map<String, Object> events = invoke(evaluate, functionUrlEvent("GET", "/v1/events", "flow=lam&limit=1", KEY, null, false));
        assertThat(events.get("statusCode")).isEqualTo(200L);
        List<Map<String, Object>> list = (List<Map<String, Object>>) WireJson.read((String) events.get("body"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("node_id")).isEqualTo("b");

        Map<String, Object> outputs = invoke(evaluate, functionUrlEvent("GET", "/v1/eval-outputs", "name=lam&name=other", KEY, null, false));
        assertThat((List<Object>) WireJson.read((String) outputs.get("body"))).isNotEmpty();
    }

    @Test
    void answersUnknownRunsWith404AndBadBodiesWith422() {
        Map<String, Object> missing = invoke(evaluate, functionUrlEvent("POST", "/v1/run-eval", "", KEY,
                "{\"run_id\":\"nope\",\"flow\":\"lam\"}", false));
        assertThat(missing.get("statusCode")).isEqualTo(404L);
        assertThat(missing.get("body")).isEqualTo("{\"detail\":\"No events found for run_id=nope, flow=lam\"}");

        Map<String, Object> invalid = invoke(evaluate, functionUrlEvent("POST", "/v1/run-eval", "", KEY, "{\"flow\":1}", false));
        assertThat(invalid.get("statusCode")).isEqualTo(422L);

        Map<String, Object> forbidden = invoke(evaluate, functionUrlEvent("GET", "/v1/nodes", "", "wrong", null, false));
        assertThat(forbidden.get("statusCode")).isEqualTo(403L);
    }

    @Test
    void answersTheUiConnectionCheck() {
        Map<String, Object> response = invoke(evaluate, functionUrlEvent("GET", "/v1/status", "", KEY, null, false));

        assertThat(response.get("statusCode")).isEqualTo(200L);
    }

    @Test
    void refusesTheIngestRoutes() {
        Map<String, Object> response = invoke(evaluate, functionUrlEvent("POST", "/v1/events-batch", "", KEY, "[]", false));

        assertThat(response.get("statusCode")).isEqualTo(404L);
    }
}
