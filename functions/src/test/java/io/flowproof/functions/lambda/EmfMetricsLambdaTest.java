package io.flowproof.functions.lambda;

import static io.flowproof.functions.lambda.LambdaInvocations.KEY;
import static io.flowproof.functions.lambda.LambdaInvocations.functionUrlEvent;
import static io.flowproof.functions.lambda.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.infra.json.WireJson;
import io.flowproof.infra.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * On Lambda the meters leave as CloudWatch embedded-metric-format lines on standard output, one batch of lines per
 * invocation, written before the invocation returns (checked through the real {@link FunctionInvoker}).
 */
class EmfMetricsLambdaTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    private static FunctionInvoker ingest;

    @BeforeAll
    static void start() {
        ingest = LambdaInvocations.invoker(postgres, "ingest", "flowproof.metrics.emf.enabled=true",
                "flowproof.metrics.emf.namespace=FlowproofTest", "spring.main.lazy-initialization=true");
    }

    /** Runs the invocation with standard output captured; returns the EMF lines it printed, parsed. */
    private static List<Map<String, Object>> emfLines(Supplier<Map<String, Object>> invocation, Map<String, Object>[] response) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            response[0] = invocation.get();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("{\"_aws\""))
                .map(WireJson::readObject)
                .toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anIngestInvocationPrintsItsMetersAsEmbeddedMetricFormat() {
        String batch = "[{\"flow\":\"emf\",\"id\":\"a\",\"run_id\":\"e1\",\"type\":\"act\",\"data\":{},\"ts\":1795547220404334017},"
                + "{\"flow\":\"emf\",\"id\":\"b\",\"run_id\":\"e1\",\"type\":\"act\",\"data\":{},\"ts\":1795547220404334018,\"dep_ids\":[\"a\"]}]";
        Map<String, Object>[] response = new Map[1];

        List<Map<String, Object>> lines = emfLines(() -> invoke(ingest, functionUrlEvent("POST", "/v1/events-batch", "", KEY, batch, false)),
                response);

        assertThat(response[0].get("statusCode")).isEqualTo(200L);
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
            assertThat(aws.get("Timestamp")).isInstanceOf(Long.class);
            Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
            assertThat(directive.get("Namespace")).isEqualTo("FlowproofTest");
            List<List<String>> dimensions = (List<List<String>>) directive.get("Dimensions");
            assertThat(dimensions).singleElement().satisfies(set -> {
                assertThat(set).startsWith("function");
                set.forEach(name -> assertThat(line).as("dimension value of " + name).containsKey(name));
            });
            assertThat(line).containsEntry("function", "ingest");
            for (Map<String, Object> metric : (List<Map<String, Object>>) directive.get("Metrics")) {
                assertThat(metric.get("Unit")).isIn("Count", "Milliseconds");
                assertThat(line).as("value of " + metric.get("Name")).containsKey((String) metric.get("Name"));
            }
        });
        Map<String, Object> plain = lines.stream().filter(line -> line.containsKey("flowproof.events.ingested")).findFirst().orElseThrow();
        assertThat(plain).containsEntry("flowproof.events.ingested", 2.0).containsEntry("flowproof.batches.accepted", 1.0);
        Map<String, Object> evaluated = lines.stream().filter(line -> line.containsKey("flowproof.evaluations")).findFirst().orElseThrow();
        assertThat(evaluated).containsEntry("mode", "auto").containsEntry("status", "passed").containsEntry("flowproof.evaluations", 1.0);
        Map<String, Object> timed = lines.stream().filter(line -> line.containsKey("flowproof.evaluation.duration")).findFirst().orElseThrow();
        assertThat((List<Double>) timed.get("flowproof.evaluation.duration")).hasSize(1);

        List<Map<String, Object>> next = emfLines(() -> invoke(ingest, functionUrlEvent("GET", "/v1/status", "", KEY, null, false)), response);
        assertThat(next).as("each invocation prints only its own meters").isEmpty();
    }

    @Test
    void aRefusedBatchIsCountedWithItsReason() {
        @SuppressWarnings("unchecked")
        Map<String, Object>[] response = new Map[1];

        List<Map<String, Object>> lines = emfLines(() -> invoke(ingest, functionUrlEvent("POST", "/v1/events-batch", "", KEY, "[{}]", false)),
                response);

        assertThat(response[0].get("statusCode")).isEqualTo(422L);
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("reason", "invalid").containsEntry("flowproof.batches.refused", 1.0));
    }
}
