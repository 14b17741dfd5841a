import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flowproof.sdk.Ensure;
import io.flowproof.sdk.Expr;
import io.flowproof.sdk.Flowproof;
import io.flowproof.sdk.FlowproofClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Emits one run of a small checkout flow with the Flowproof Java SDK, then asks the backend to evaluate it.
 * Backend and key come from FLOWPROOF_URL / FLOWPROOF_API_KEY (or BUSINESS_USE_*). Exit code 0 when the run passed.
 */
public class CheckoutFlow {

    static final String FLOW = "java-sdk-checkout";

    public static void main(String[] args) throws Exception {
        FlowproofClient client = Flowproof.initialize(); // checks GET /v1/status once
        if (!client.isActive()) {
            System.out.println("The SDK is a no-op (see the warning above): is the app running at "
                    + client.settings().url() + " and FLOWPROOF_API_KEY right?");
            System.exit(2);
        }
        String runId = "order-" + UUID.randomUUID().toString().substring(0, 8);
        double amount = args.length > 0 ? Double.parseDouble(args[0]) : 120.5;

        Flowproof.act(Ensure.node("order_placed").flow(FLOW).runId(runId)
                .data(Map.of("order_id", runId, "amount", 120.5, "currency", "EUR",
                        "items", List.of(Map.of("sku", "A1", "qty", 2))))
                .description("Customer placed an order")
                .additionalMeta(Map.of("service", "java-sample")));

        Flowproof.assertThat(Ensure.node("payment_charged").flow(FLOW).runId(runId)
                .data(Map.of("order_id", runId, "charged", amount, "status", "succeeded"))
                .depIds("order_placed")
                .filter(Expr.cel("data.status != 'test'"))
                .validator(Expr.cel("data.charged == ctx.data.amount && data.status == 'succeeded'"))
                .description("Charged amount equals the order amount")
                .timeout(Duration.ofSeconds(10)));

        Flowproof.assertThat(Ensure.node("receipt_sent").flow(FLOW).runId(runId)
                .data(Map.of("email", "a@example.com", "sent", true))
                .depIds("payment_charged")
                .validator(Expr.cel("data.sent && size(ctx.deps) == 1")));

        Flowproof.flush(Duration.ofSeconds(10)); // normally the sender does this on its own, every few seconds
        System.out.println("Reported run " + runId + " of flow " + FLOW + ": " + client.stats());

        JsonNode evaluation = runEval(client.settings().url(), client.settings().apiKey(), runId);
        System.out.println("Evaluation: " + evaluation.get("status").asString());
        for (JsonNode node : evaluation.get("exec_info")) {
            System.out.printf("  %-16s %-8s %s%s%n", node.get("node_id").asString(), node.get("status").asString(),
                    node.get("message").isNull() ? "" : node.get("message").asString(),
                    node.get("error").isNull() ? "" : " (" + node.get("error").asString() + ")");
        }
        Flowproof.shutdown(Duration.ofSeconds(5));
        System.exit("passed".equals(evaluation.get("status").asString()) ? 0 : 1);
    }

    /** POST /v1/run-eval {"run_id", "flow"}: evaluates the run now and returns the result. */
    static JsonNode runEval(String url, String apiKey, String runId) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/run-eval"))
                .header("X-Api-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("run_id", runId, "flow", FLOW))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("run-eval answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
