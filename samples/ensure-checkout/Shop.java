import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A pretend shop for the ensure-checkout sample: places one order, charges it, and reports both steps to Flowproof
 * through the normal ingest path ({@code POST /v1/events-batch}) as an instrumented application would. Prints
 * {@code {"order_id": "..."}} on stdout; the flow's run_id_extractor reads the order id from it.
 *
 * <pre>java Shop.java FLOW [CHARGED]     # CHARGED defaults to the order amount (120.5)</pre>
 *
 * Flowproof runs it as a {@code command} trigger. The order id is derived from {@code FLOWPROOF_IDEMPOTENCY_KEY}
 * (set by Flowproof, same on every retry of a step), so a retried trigger reports the same order. Server:
 * {@code FLOWPROOF_URL}, else {@code http://localhost:$SERVER_PORT} (default 13370); key: {@code FLOWPROOF_API_KEY},
 * {@code BUSINESS_USE_API_KEY}, else {@code $FLOWPROOF_DATA_DIR/api-key} or {@code ~/.flowproof/api-key}.
 */
public class Shop {

    static final double AMOUNT = 120.5;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java Shop.java FLOW [CHARGED]");
            System.exit(2);
        }
        String flow = args[0];
        double charged = args.length > 1 ? Double.parseDouble(args[1]) : AMOUNT;
        String key = env("FLOWPROOF_IDEMPOTENCY_KEY");
        String orderId = "order-" + (key != null ? UUID.nameUUIDFromBytes(key.getBytes()) : UUID.randomUUID()).toString().substring(0, 8);

        long now = Instant.now().toEpochMilli() * 1_000_000L;
        // The same node definitions as .business-use/*.yaml: an event (re)defines its node, like an SDK call does.
        String batch = """
                [{"flow":"%1$s","id":"order_placed","run_id":"%2$s","type":"act","ts":%3$d,
                  "description":"The shop stored the order","dep_ids":["place_order"],
                  "data":{"order_id":"%2$s","amount":%4$s,"currency":"EUR"}},
                 {"flow":"%1$s","id":"payment_charged","run_id":"%2$s","type":"assert","ts":%5$d,
                  "description":"The customer was charged the order amount","dep_ids":["order_placed"],
                  "validator":{"engine":"cel","script":"data.charged == ctx.data.amount"},
                  "data":{"order_id":"%2$s","charged":%6$s}}]
                """.formatted(flow, orderId, now, number(AMOUNT), now + 1_000_000L, number(charged));

        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                HttpRequest.newBuilder(URI.create(url() + "/v1/events-batch"))
                        .header("X-Api-Key", apiKey()).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(batch)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println("Flowproof answered " + response.statusCode() + ": " + response.body());
            System.exit(1);
        }
        System.out.println("{\"order_id\": \"" + orderId + "\"}");
    }

    static String url() {
        String url = env("FLOWPROOF_URL");
        if (url == null) {
            url = env("BUSINESS_USE_URL");
        }
        if (url == null) {
            url = "http://localhost:" + (env("SERVER_PORT") != null ? env("SERVER_PORT") : "13370");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String apiKey() throws Exception {
        for (String name : new String[] {"FLOWPROOF_API_KEY", "BUSINESS_USE_API_KEY"}) {
            if (env(name) != null) {
                return env(name);
            }
        }
        Path dir = env("FLOWPROOF_DATA_DIR") != null ? Path.of(env("FLOWPROOF_DATA_DIR"))
                : Path.of(System.getProperty("user.home"), ".flowproof");
        return Files.readString(dir.resolve("api-key")).strip();
    }

    static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
