package io.flowproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Where the URL and key come from, the error messages, and the flows / eval / runs / cancel commands. */
class ConnectionAndCommandsTest {

    private final FakeFlowproof server = new FakeFlowproof();

    @TempDir
    Path temp;

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun cli() {
        return new CliRun().env("FLOWPROOF_URL", server.url()).env("FLOWPROOF_API_KEY", "k1");
    }

    @Test
    void anUnreachableServerSaysHowToStartIt() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CliRun cli = new CliRun().env("FLOWPROOF_URL", "http://127.0.0.1:" + port).run("ensure", "checkout");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err).contains("Cannot reach Flowproof at http://127.0.0.1:" + port + ": start it with ./mvnw spring-boot:run");
    }

    @Test
    void aRejectedKeyNamesWhereTheKeyCameFrom() {
        server.on("GET /v1/ensure-runs", 403, "{\"detail\":\"Invalid API key\"}");

        CliRun fromEnv = cli().run("runs");
        assertThat(fromEnv.exitCode).isEqualTo(1);
        assertThat(fromEnv.err).contains("rejected the API key (403 Invalid API key)").contains("the environment variable FLOWPROOF_API_KEY");

        CliRun fromOption = cli().run("runs", "--api-key", "other");
        assertThat(fromOption.err).contains("the key came from --api-key");
        assertThat(server.requests.get(1).apiKey()).isEqualTo("other");
    }

    @Test
    void readsTheLocalAppsKeyFileWhenNoKeyIsSet() throws IOException {
        server.on("GET /v1/ensure-runs", 200, "[]");
        Files.createDirectories(temp.resolve("home/.flowproof"));
        Files.writeString(temp.resolve("home/.flowproof/api-key"), "from-home\n");
        Files.createDirectories(temp.resolve("data"));
        Files.writeString(temp.resolve("data/api-key"), "from-data-dir\n");

        new CliRun().env("BUSINESS_USE_URL", server.url()).home(temp.resolve("home")).run("runs");
        new CliRun().env("BUSINESS_USE_URL", server.url()).home(temp.resolve("home")).env("FLOWPROOF_DATA_DIR", temp.resolve("data").toString())
                .run("runs");
        new CliRun().env("BUSINESS_USE_URL", server.url()).env("BUSINESS_USE_API_KEY", "bu-key").run("runs");

        assertThat(server.requests).extracting(FakeFlowproof.Request::apiKey).containsExactly("from-home", "from-data-dir", "bu-key");
    }

    @Test
    void noKeyAnywhereIsExplainedOn401() {
        server.on("GET /v1/ensure-runs", 401, "{\"detail\":\"Missing API key\"}");
        CliRun cli = new CliRun().env("FLOWPROOF_URL", server.url()).home(temp).run("runs");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err).contains("401 Missing API key").contains("the key came from nowhere (no --api-key, FLOWPROOF_API_KEY");
    }

    @Test
    void theUrlOptionWorksBeforeAndAfterTheSubcommand() {
        server.on("GET /v1/ensure-runs", 200, "[]");
        CliRun before = new CliRun().run("--url", server.url() + "/", "--api-key", "a", "runs");
        CliRun after = new CliRun().run("runs", "--url", server.url(), "--api-key", "b");

        assertThat(before.exitCode).as(before.toString()).isZero();
        assertThat(after.exitCode).as(after.toString()).isZero();
        assertThat(server.requests).extracting(FakeFlowproof.Request::apiKey).containsExactly("a", "b");
    }

    @Test
    void flowsValidatePostsEachFileAndPrintsProblemsByLine() throws IOException {
        Path dir = temp.resolve(".business-use");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("good.yaml"), "flow: good\nnodes: []\n");
        Files.writeString(dir.resolve("sub/bad.yml"), "flow: bad\nnodes: 3\n");
        Files.writeString(dir.resolve("secrets.yaml"), "KEY: value\n");
        Files.writeString(dir.resolve("notes.txt"), "not a flow");
        server.on("POST /v1/flows/validate", request -> request.body().contains("good")
                ? new FakeFlowproof.Answer(200, "{\"valid\":true,\"flow\":\"good\",\"nodes\":0,\"problems\":[]}")
                : new FakeFlowproof.Answer(200, """
                        {"valid":false,"flow":null,"nodes":0,"problems":[{"file":"sub/bad.yml","line":2,"reason":"'nodes' field must be a list"}]}"""));

        CliRun cli = cli().run("flows", "validate", dir.toString());

        assertThat(cli.exitCode).as(cli.toString()).isEqualTo(1);
        assertThat(cli.out).contains(dir.resolve("sub/bad.yml") + ":2: 'nodes' field must be a list")
                .contains("✓ " + dir.resolve("good.yaml") + ": flow good, 0 nodes")
                .contains("1 of 2 files valid, 1 problem");
        assertThat(server.requests("POST", "/v1/flows/validate")).extracting(FakeFlowproof.Request::query)
                .containsExactly("file=good.yaml", "file=sub%2Fbad.yml");

        server.on("POST /v1/flows/validate", 200, "{\"valid\":true,\"flow\":\"good\",\"nodes\":0,\"problems\":[]}");
        assertThat(cli().run("flows", "validate", dir.resolve("good.yaml").toString()).exitCode).isZero();
        assertThat(cli().run("flows", "validate", temp.resolve("missing").toString()).exitCode).isEqualTo(1);
    }

    @Test
    void flowsSyncAndListShowTheServersFlows() {
        server.on("POST /v1/flows/sync", 200, """
                {"files":3,"flows":["checkout","pay"],"nodes":7,"problems":[{"file":"bad.yaml","line":4,"reason":"YAML must contain a 'flow' field"}]}""");
        server.on("GET /v1/flows", 200, """
                [{"flow":"checkout","nodes":3,"trigger_nodes":1,"ensure":{"timeout_ms":60000},"schedule":null},
                 {"flow":"pay","nodes":4,"trigger_nodes":0,"ensure":{"timeout_ms":30000},"schedule":{"cron":"*/15 * * * *","timezone":"UTC"}}]""");

        CliRun sync = cli().run("flows", "sync");
        assertThat(sync.exitCode).isZero();
        assertThat(sync.out).contains("bad.yaml:4: YAML must contain a 'flow' field")
                .contains("Synced 2 flows (7 nodes) from 3 files on the server: checkout, pay; 1 problems");

        CliRun list = cli().run("flows", "list");
        assertThat(list.out).containsPattern("checkout\\s+3\\s+1\\s+60000ms  -").containsPattern("pay\\s+4\\s+0\\s+30000ms  \\*/15 \\* \\* \\* \\* UTC");
        assertThat(Json.MAPPER.readTree(cli().run("flows", "list", "--json").out).size()).isEqualTo(2);
    }

    @Test
    void evalPrintsEachNodeAndExitsOneWhenFailed() {
        server.on("POST /v1/run-eval", 200, """
                {"status":"failed","elapsed_ns":2000000,"graph":{"a":[],"b":["a"]},"exec_info":[
                  {"node_id":"a","status":"passed","message":"Node validation passed","error":null,"elapsed_ns":1},
                  {"node_id":"b","status":"failed","message":"Validator passed","error":"Timeout exceeded: 2000.0ms > 1000ms","elapsed_ns":1}],
                 "ev_ids":["e1","e2"]}""");

        CliRun cli = cli().run("eval", "r1", "checkout", "--start-node", "a");
        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out).contains("✗ checkout run r1: failed (2 events, 2 nodes)")
                .contains("    ✓ a: Node validation passed")
                .contains("    ✗ b: Validator passed — Timeout exceeded: 2000.0ms > 1000ms");
        assertThat(Json.MAPPER.readTree(server.requests.get(0).body())).isEqualTo(Json.MAPPER.readTree(
                "{\"run_id\":\"r1\",\"flow\":\"checkout\",\"start_node_id\":\"a\"}"));

        JsonNode json = Json.MAPPER.readTree(cli().run("eval", "r1", "checkout", "--json").out);
        assertThat(json.propertyNames()).contains("run_id", "flow", "status", "elapsed_ns", "elapsed_ms", "graph", "exec_info", "ev_ids");
        assertThat(json.get("elapsed_ms").asDouble()).isEqualTo(2.0);

        server.on("POST /v1/run-eval", 404, "{\"detail\":\"No events found for run r9 of flow checkout\"}");
        CliRun missing = cli().run("eval", "r9", "checkout");
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).contains("No events found for run r9 of flow checkout (404");
        assertThat(cli().run("eval", "only-one-arg").exitCode).isEqualTo(2);
    }

    @Test
    void runsListsAndFiltersEnsureRuns() {
        server.on("GET /v1/ensure-runs", 200, """
                [{"id":"e1","flow":"checkout","state":"passed","run_id":"order-1","error":null,"created_at":"2026-01-01T10:00:00.000000Z"},
                 {"id":"e2","flow":"checkout","state":"error","run_id":null,"error":"Secret 'X' not found","created_at":"2026-01-01T09:00:00.000000Z"}]""");

        CliRun cli = cli().run("runs", "--flow", "checkout", "--state", "passed", "--limit", "5");
        assertThat(cli.exitCode).isZero();
        assertThat(server.requests.get(0).query()).isEqualTo("flow=checkout&state=passed&limit=5");
        assertThat(cli.out).contains("2026-01-01T10:00:00.000000Z ✓ checkout").contains("run order-1").contains("e1")
                .contains("✗ checkout").contains("Secret 'X' not found");
        assertThat(Json.MAPPER.readTree(cli().run("runs", "--json").out).get(1).get("id").asString()).isEqualTo("e2");
    }

    @Test
    void cancelReportsTheCancelledRunOrWhyNot() {
        server.on("POST /v1/ensure-runs/e1/cancel", 200, "{\"id\":\"e1\",\"flow\":\"checkout\",\"state\":\"cancelled\"}");
        server.on("POST /v1/ensure-runs/e2/cancel", 409, "{\"detail\":\"Ensure run e2 already finished: passed\"}");

        CliRun ok = cli().run("cancel", "e1");
        assertThat(ok.exitCode).isZero();
        assertThat(ok.out).contains("⊘ Cancelled ensure run e1 of flow checkout");

        CliRun finished = cli().run("cancel", "e2");
        assertThat(finished.exitCode).isEqualTo(1);
        assertThat(finished.err).contains("✗ Ensure run e2 already finished: passed (409 from POST /v1/ensure-runs/e2/cancel)");
    }
}
