package io.flowproof.functions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowproof.functions.api.Route;
import io.flowproof.functions.it.AppProcess;
import io.flowproof.functions.it.Apps;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security against the real packaged app (a child JVM with its embedded Postgres, loopback only):
 * <ul>
 *   <li>the auth matrix over every route ({@link RouteCatalog}: every RouteSet on the classpath, so a new route is
 *       covered the day it is added), plus unknown paths and Spring Cloud Function's own endpoints;</li>
 *   <li>CORS with an allow-list: only listed origins get CORS headers, other preflights are refused;</li>
 *   <li>HTTP triggers through the real ensure path: loopback, private, link-local and metadata targets refused (also
 *       by DNS name), nothing reaches the local target; command triggers off by default; with an allow-list, the
 *       listed host is called and an unlisted one is not;</li>
 *   <li>a secret given by environment is sent to the target but appears in no log line, no API response and no
 *       database row (step inputs keep the placeholder);</li>
 *   <li>expression sandbox escapes in CEL, JavaScript and Python fail as evaluation errors with a message, never a
 *       500, and leave no file behind.</li>
 * </ul>
 */
class SecurityIT {

    private static final String KEY = "security-it-key-" + UUID.randomUUID();
    private static final String SECRET = "s3cr3t-" + UUID.randomUUID().toString().replace("-", "");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WITHIN = Duration.ofSeconds(60);

    private final Apps apps = new Apps("security");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Every response body received, to search for the secret. */
    private final List<String> responses = new ArrayList<>();

    @AfterEach
    void stopApps() {
        apps.close();
    }

    @Test
    void strictApp_authMatrixCorsRefusedTargetsDisabledCommandsAndSandboxEscapes() throws Exception {
        Target target = Target.start();
        try {
            AppProcess app = apps.startWith(apps.newDataDir(), Map.of("FLOWPROOF_API_KEY", KEY,
                    "FLOWPROOF_CORS_ALLOWED_ORIGINS", "http://localhost:3007,https://*.business-use.com",
                    "FLOWPROOF_OUTBOUND_ALLOW_PRIVATE", "false", "FLOWPROOF_POLL_INTERVAL_MS", "200"));
            URI base = app.baseUri();

            authMatrix(base);
            cors(base);
            refusedTargets(base, target);
            commandTriggersAreOff(base);
            sandboxEscapes(base);

            assertThat(target.hits).as("requests that reached the local target").isEmpty();
            assertThat(get(base, "/health", null).statusCode()).isEqualTo(200);
            assertThat(Files.readString(app.log())).doesNotContain(" ERROR ").doesNotContain("Internal Server Error");
        } finally {
            target.stop();
        }
    }

    @Test
    void allowListedApp_callsOnlyListedHostsAndNeverLeaksTheSecret() throws Exception {
        Target target = Target.start();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try {
            Path dataDir = apps.newDataDir();
            AppProcess app = apps.startWith(dataDir, Map.of("FLOWPROOF_API_KEY", KEY, "FLOWPROOF_SECRET_SHOP_TOKEN", SECRET,
                    "FLOWPROOF_OUTBOUND_ALLOWED_HOSTS", "localhost", "FLOWPROOF_OUTBOUND_ALLOW_PRIVATE", "false",
                    "FLOWPROOF_POLL_INTERVAL_MS", "200"));
            URI base = app.baseUri();
            String secretParams = ",\"headers\":{\"Authorization\":\"Bearer ${secret.SHOP_TOKEN}\"},"
                    + "\"body\":\"{\\\"token\\\":\\\"${secret.SHOP_TOKEN}\\\"}\"";

            // listed host: called, with the secret substituted
            Map<String, Object> called = ensure(base, "sec_listed", "http://localhost:" + target.port() + "/orders?t=${secret.SHOP_TOKEN}",
                    secretParams);
            assertThat(target.hits).as("the listed host is called with the secret").hasSize(1);
            assertThat(target.hits.peek()).contains("Bearer " + SECRET).contains("\"token\":\"" + SECRET + "\"").contains("t=" + SECRET);
            assertThat(stepInputs(called)).contains("${secret.SHOP_TOKEN}").doesNotContain(SECRET);

            // unlisted host (the same server by IP): refused
            Map<String, Object> refused = ensure(base, "sec_unlisted", "http://127.0.0.1:" + target.port() + "/orders", secretParams);
            assertThat(refused.get("state")).isEqualTo("error");
            assertThat(String.valueOf(refused.get("error"))).contains("FLOWPROOF_OUTBOUND_ALLOWED_HOSTS");
            assertThat(target.hits).hasSize(1);

            // a failing call with the secret in the URL: the error is stored and returned, the secret is not
            Map<String, Object> failing = ensure(base, "sec_failing", "http://localhost:" + closedPort + "/x?t=${secret.SHOP_TOKEN}",
                    secretParams);
            assertThat(failing.get("state")).isIn("error", "timed_out");

            for (String path : List.of("/v1/ensure-runs?limit=100", "/v1/nodes", "/v1/events?limit=1000", "/v1/eval-outputs?limit=1000",
                    "/v1/flows")) {
                assertThat(get(base, path, KEY).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(responses).as("API responses").noneMatch(body -> body.contains(SECRET));
            assertThat(Files.readString(app.log())).as("the app's log").doesNotContain(SECRET);
            List<String> rows = allRows(dataDir);
            assertThat(rows).as("database rows").isNotEmpty().noneMatch(row -> row.contains(SECRET));
            assertThat(rows).as("stored step inputs keep the placeholder").anyMatch(row -> row.contains("${secret.SHOP_TOKEN}"));
        } finally {
            target.stop();
        }
    }

    // --- auth and CORS ----------------------------------------------------------------------------------

    private void authMatrix(URI base) throws Exception {
        List<Route> routes = RouteCatalog.all();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(20);
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            String path = RouteCatalog.examplePath(route);
            int anonymous = send(base, route.method(), path, null).statusCode();
            int wrong = send(base, route.method(), path, "wrong-" + KEY).statusCode();
            int right = send(base, route.method(), path, KEY).statusCode();
            String name = route.method() + " " + route.template();
            if (route.isPublic()) {
                // served without a key: a redirect (/ui) or a 404 for the placeholder file name count as served
                check(failures, anonymous != 401 && anonymous != 403 && anonymous < 500,
                        name + ": public route answered " + anonymous + " without a key");
            } else {
                check(failures, anonymous == 401, name + ": no key gave " + anonymous);
                check(failures, wrong == 403, name + ": wrong key gave " + wrong);
            }
            check(failures, right != 401 && right != 403 && right < 500, name + ": right key gave " + right);
        }
        for (String path : List.of("/v1/nope", "/ingest", "/evaluate", "/trigger", "/poll", "/migrate", "/functions/poll", "/actuator")) {
            check(failures, send(base, "POST", path, null).statusCode() == 401, "POST " + path + " without a key");
            check(failures, send(base, "GET", path, null).statusCode() == 401, "GET " + path + " without a key");
        }
        assertThat(failures).isEmpty();
    }

    private void cors(URI base) throws Exception {
        HttpResponse<String> listed = preflight(base, "http://localhost:3007");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3007");
        assertThat(listed.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("x-api-key");
        assertThat(preflight(base, "https://app.business-use.com").headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://app.business-use.com");
        for (String origin : List.of("https://evil.example", "http://localhost:3008", "https://business-use.com.evil.example", "null")) {
            HttpResponse<String> refused = preflight(base, origin);
            assertThat(refused.statusCode()).as(origin).isEqualTo(403);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
            HttpResponse<String> actual = http.send(HttpRequest.newBuilder(base.resolve("/v1/status")).header("Origin", origin)
                    .header("X-Api-Key", KEY).timeout(WITHIN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
        }
        HttpResponse<String> deniedButListed = http.send(HttpRequest.newBuilder(base.resolve("/v1/status"))
                .header("Origin", "http://localhost:3007").timeout(WITHIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deniedButListed.statusCode()).isEqualTo(401);
        assertThat(deniedButListed.headers().firstValue("Access-Control-Allow-Origin")).as("CORS headers on a 401 for the UI")
                .hasValue("http://localhost:3007");
    }

    private HttpResponse<String> preflight(URI base, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/v1/events-batch")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key").timeout(WITHIN).build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- outbound requests -------------------------------------------------------------------------------

    private void refusedTargets(URI base, Target target) throws Exception {
        int port = target.port();
        List<String> urls = List.of("http://127.0.0.1:" + port + "/x", "http://localhost:" + port + "/x", "http://[::1]:" + port + "/x",
                "http://0.0.0.0:" + port + "/x", "http://10.0.0.1/x", "http://172.16.0.1/x", "http://192.168.0.1/x", "http://[fd00::1]/x",
                "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/", "http://[fe80::1]/x",
                "http://metadata.google.internal/computeMetadata/v1/");
        for (int i = 0; i < urls.size(); i++) {
            Map<String, Object> run = ensure(base, "ssrf_" + i, urls.get(i), "");
            assertThat(run.get("state")).as(urls.get(i)).isEqualTo("error");
            assertThat(String.valueOf(run.get("error"))).as(urls.get(i))
                    .containsAnyOf("FLOWPROOF_OUTBOUND_ALLOW_PRIVATE", "metadata", "link-local");
        }
    }

    private void commandTriggersAreOff(URI base) throws Exception {
        Path marker = Path.of(System.getProperty("java.io.tmpdir"), "flowproof-security-" + UUID.randomUUID());
        createNode(base, "{\"flow\":\"sec_command\",\"id\":\"run\",\"type\":\"trigger\",\"handler\":\"command\","
                + "\"handler_input\":{\"params\":{\"command\":\"touch " + marker + "\",\"run_id_extractor\":{\"engine\":\"cel\","
                + "\"script\":\"'r'\"}}}}");
        Map<String, Object> run = awaitFinished(base, start(base, "sec_command"));
        assertThat(run.get("state")).isEqualTo("error");
        assertThat(String.valueOf(run.get("error"))).contains("FLOWPROOF_COMMAND_TRIGGERS");
        assertThat(marker).doesNotExist();
    }

    /** Creates a flow with one http_request trigger node, starts an ensure run and waits until it is finished. */
    private Map<String, Object> ensure(URI base, String flow, String url, String extraParams) throws Exception {
        createNode(base, "{\"flow\":\"" + flow + "\",\"id\":\"call\",\"type\":\"trigger\",\"handler\":\"http_request\","
                + "\"handler_input\":{\"params\":{\"url\":\"" + url + "\",\"method\":\"POST\",\"timeout_ms\":2000" + extraParams
                + ",\"run_id_extractor\":{\"engine\":\"python\",\"script\":\"output['run_id']\"}}}}");
        return awaitFinished(base, start(base, flow));
    }

    private void createNode(URI base, String body) throws Exception {
        HttpResponse<String> created = post(base, "/v1/nodes", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private String start(URI base, String flow) throws Exception {
        HttpResponse<String> started = post(base, "/v1/ensure-runs", "{\"flow\":\"" + flow + "\",\"timeout_ms\":3000}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return (String) JSON.readValue(started.body(), Map.class).get("id");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitFinished(URI base, String id) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            HttpResponse<String> detail = get(base, "/v1/ensure-runs/" + id, KEY);
            Map<String, Object> run = JSON.readValue(detail.body(), Map.class);
            if (!Set.of("pending", "triggering", "waiting").contains(run.get("state"))) {
                return run;
            }
            assertThat(System.nanoTime()).as("ensure run %s still %s", id, run.get("state")).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @SuppressWarnings("unchecked")
    private static String stepInputs(Map<String, Object> run) {
        StringBuilder inputs = new StringBuilder();
        for (Object step : (List<Object>) run.get("steps")) {
            inputs.append(JSON.writeValueAsString(((Map<String, Object>) step).get("input")));
        }
        return inputs.toString();
    }

    // --- expression sandboxes ------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void sandboxEscapes(URI base) throws Exception {
        Path marker = Path.of(System.getProperty("java.io.tmpdir"), "flowproof-escape-" + UUID.randomUUID());
        Map<String, List<String>> escapes = new LinkedHashMap<>();
        escapes.put("cel", List.of("data.getClass() != null", "java.lang.Runtime.getRuntime() != null", "type(data).getName() == 'x'",
                "size(data.__class__) > 0", "Runtime.exec('touch " + marker + "') == 0"));
        escapes.put("js", List.of("java.lang.Runtime.getRuntime().exec('touch " + marker + "') != null",
                "Packages.java.lang.System.exit(1)", "data.getClass().forName('java.lang.Runtime') != null",
                "this.constructor.constructor('return java.lang.System')().exit(1)", "new java.io.File('" + marker + "').createNewFile()",
                "(function(){}).constructor('return this')().java.lang.Runtime", "importPackage(java.io); true", "load('/etc/passwd')"));
        escapes.put("python", List.of("__import__('os').system('touch " + marker + "') == 0", "open('" + marker + "', 'w') is not None",
                "data.__class__.__subclasses__()", "().__class__.__bases__[0].__subclasses__()", "eval('1') == 1",
                "exec('import os') is None", "getattr(data, '__class__') is not None", "[c for c in ().__class__.__mro__]"));
        for (var engine : escapes.entrySet()) {
            String flow = "escape_" + engine.getKey();
            List<String> items = new ArrayList<>();
            items.add("{\"flow\":\"" + flow + "\",\"id\":\"start\",\"run_id\":\"r1\",\"type\":\"act\",\"data\":{\"x\":1},\"ts\":1000000000}");
            for (int i = 0; i < engine.getValue().size(); i++) {
                items.add("{\"flow\":\"" + flow + "\",\"id\":\"escape_" + i + "\",\"run_id\":\"r1\",\"type\":\"assert\",\"data\":{\"x\":1},"
                        + "\"ts\":" + (2_000_000_000L + i) + ",\"dep_ids\":[\"start\"],\"validator\":" + JSON.writeValueAsString(
                                Map.of("engine", engine.getKey(), "script", engine.getValue().get(i))) + "}");
            }
            HttpResponse<String> stored = post(base, "/v1/events-batch", "[" + String.join(",", items) + "]");
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            HttpResponse<String> evaluated = post(base, "/v1/run-eval", "{\"run_id\":\"r1\",\"flow\":\"" + flow + "\"}");
            assertThat(evaluated.statusCode()).as(evaluated.body()).isEqualTo(200);
            Map<String, Object> result = JSON.readValue(evaluated.body(), Map.class);
            assertThat(result.get("status")).as(flow).isEqualTo("failed");
            for (Object item : (List<Object>) result.get("exec_info")) {
                Map<String, Object> info = (Map<String, Object>) item;
                if (String.valueOf(info.get("node_id")).startsWith("escape_")) {
                    int index = Integer.parseInt(((String) info.get("node_id")).substring("escape_".length()));
                    String script = engine.getValue().get(index);
                    assertThat(info.get("status")).as(engine.getKey() + ": " + script).isNotEqualTo("passed");
                    assertThat(String.valueOf(info.get("detail"))).as(engine.getKey() + ": " + script + " explains why").isNotBlank()
                            .isNotEqualTo("null");
                }
            }
        }
        assertThat(marker).as("a file an escape tried to create").doesNotExist();
    }

    // --- HTTP helpers ----------------------------------------------------------------------------------------

    private HttpResponse<String> send(URI base, String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(WITHIN)
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return record(http.send(request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> get(URI base, String path, String key) throws Exception {
        return send(base, "GET", path, key);
    }

    private HttpResponse<String> post(URI base, String path, String body) throws Exception {
        return record(http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(WITHIN).header("X-Api-Key", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> record(HttpResponse<String> response) {
        synchronized (responses) {
            responses.add(response.body());
        }
        return response;
    }

    private static void check(List<String> failures, boolean ok, String failure) {
        if (!ok) {
            failures.add(failure);
        }
    }

    /** Every row of every table of the app's embedded database, as text. */
    private static List<String> allRows(Path dataDir) throws IOException, SQLException {
        int port = Integer.parseInt(Files.readString(dataDir.resolve("postgres.port")).strip());
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/flowproof", "postgres", "")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = db.createStatement().executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet all = db.createStatement().executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (all.next()) {
                        rows.add(table + ": " + all.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    /** A local HTTP server standing in for the service a trigger calls; records every request it gets. */
    private record Target(HttpServer server, ConcurrentLinkedQueue<String> hits) {

        static Target start() throws IOException {
            ConcurrentLinkedQueue<String> hits = new ConcurrentLinkedQueue<>();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                hits.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + new java.util.TreeMap<>(exchange.getRequestHeaders()) + " " + body);
                byte[] answer = "{\"run_id\":\"sec-run-1\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return new Target(server, hits);
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }
    }
}
