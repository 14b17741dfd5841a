package io.flowproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code flowproof ensure} against a fake server: output lines, summary, {@code --json}, exit codes, errors. */
class EnsureCommandTest {

    private final FakeFlowproof server = new FakeFlowproof();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String run(String id, String flow, String state, String evaluation) {
        return """
                {"id":"%s","flow":"%s","state":"%s","status":null,"run_id":"order-1","error":null,
                 "deadline":"%s","evaluation":%s}""".formatted(id, flow, state, Instant.now().plusSeconds(30), evaluation);
    }

    private static final String PASSED = """
            {"status":"passed","elapsed_ns":840000,"graph":{"place_order":[],"order_placed":["place_order"]},
             "exec_info":[{"node_id":"place_order","status":"passed","message":"Node validation passed","error":null,"elapsed_ns":10000},
                          {"node_id":"order_placed","status":"passed","message":"Node validation passed","error":null,"elapsed_ns":20000}],
             "ev_ids":["e1","e2"]}""";

    private static final String FAILED = """
            {"status":"failed","elapsed_ns":1200000,"graph":{"place_order":[],"payment_charged":["place_order"]},
             "exec_info":[{"node_id":"place_order","status":"passed","message":"Node validation passed","error":null,"elapsed_ns":10000},
                          {"node_id":"payment_charged","status":"failed","message":null,"error":"Validator assertion failed","elapsed_ns":30000}],
             "ev_ids":["e1","e2"]}""";

    private static final String RUNNING = """
            {"status":"running","elapsed_ns":1,"graph":{"place_order":[],"order_placed":["place_order"]},
             "exec_info":[{"node_id":"place_order","status":"passed","message":"Node validation passed","error":null,"elapsed_ns":1},
                          {"node_id":"order_placed","status":"running","message":"Waiting","error":null,"elapsed_ns":1}],
             "ev_ids":["e1"]}""";

    /** checkout passes after one waiting poll; checkout_broken fails on its validator. */
    private void twoFlows() {
        server.on("POST /v1/ensure-runs", request -> request.body().contains("\"checkout_broken\"")
                ? new FakeFlowproof.Answer(201, run("e2", "checkout_broken", "triggering", "null"))
                : new FakeFlowproof.Answer(201, run("e1", "checkout", "triggering", "null")));
        AtomicInteger polls = new AtomicInteger();
        server.on("GET /v1/ensure-runs/e1", request -> new FakeFlowproof.Answer(200,
                polls.incrementAndGet() < 2 ? run("e1", "checkout", "waiting", RUNNING) : run("e1", "checkout", "passed", PASSED)));
        server.on("GET /v1/ensure-runs/e2", 200, run("e2", "checkout_broken", "failed", FAILED));
        server.on("GET /v1/nodes", 200, """
                [{"flow":"checkout_broken","id":"payment_charged","validator":{"engine":"cel","script":"data.charged == ctx.data.amount"}},
                 {"flow":"checkout","id":"order_placed","validator":null}]""");
        server.on("GET /v1/flows", 200, """
                [{"flow":"plain","nodes":2,"trigger_nodes":0},{"flow":"checkout_broken","nodes":3,"trigger_nodes":1},
                 {"flow":"checkout","nodes":3,"trigger_nodes":1}]""");
    }

    private CliRun cli() {
        return new CliRun().env("FLOWPROOF_URL", server.url()).env("FLOWPROOF_API_KEY", "k1");
    }

    @Test
    void printsAFinalLineAndSummaryAndExitsZeroWhenTheRunPasses() {
        twoFlows();
        CliRun cli = cli().run("ensure", "checkout", "--max-timeout", "5000", "--poll-interval", "100", "--idempotency-key", "deploy-1");

        assertThat(cli.exitCode).as(cli.toString()).isZero();
        assertThat(cli.out).containsPattern("\\[\\d\\d:\\d\\d:\\d\\d] ✓ checkout: passed \\[\\d+\\.\\ds]")
                .contains("⏳ checkout: waiting (").contains("left)  ✓ place_order ⏳ order_placed")
                .contains("Summary: 1 flow, 1 passed in ");
        assertThat(cli.err).isEmpty();
        FakeFlowproof.Request start = server.requests("POST", "/v1/ensure-runs").get(0);
        assertThat(Json.MAPPER.readTree(start.body())).isEqualTo(Json.MAPPER.readTree(
                "{\"flow\":\"checkout\",\"idempotency_key\":\"deploy-1\",\"timeout_ms\":5000,\"poll_interval_ms\":100}"));
        assertThat(start.apiKey()).isEqualTo("k1");
    }

    @Test
    void namesTheFailedNodeItsReasonAndValidatorAndExitsOne() {
        twoFlows();
        CliRun cli = cli().run("ensure", "checkout_broken");

        assertThat(cli.exitCode).as(cli.toString()).isEqualTo(1);
        assertThat(cli.out).containsPattern("] ✗ checkout_broken: failed \\[")
                .contains("✗ checkout_broken: failed (run order-1) — ensure run e2")
                .contains("    ✗ payment_charged: Validator assertion failed (validator cel: data.charged == ctx.data.amount)")
                .doesNotContain("✗ place_order")
                .contains("Summary: 1 flow, 0 passed, 1 failed");
    }

    @Test
    void withoutFlowNamesEnsuresEveryFlowWithTriggersInNameOrder() {
        twoFlows();
        CliRun cli = cli().run("ensure", "--parallel", "2");

        assertThat(cli.exitCode).as(cli.toString()).isEqualTo(1);
        assertThat(server.requests("POST", "/v1/ensure-runs")).extracting(r -> Json.MAPPER.readTree(r.body()).get("flow").asString())
                .containsExactlyInAnyOrder("checkout", "checkout_broken");
        assertThat(cli.out).contains("Ensuring 2 flows on " + server.url() + " (2 at a time)")
                .contains("Summary: 2 flows, 1 passed, 1 failed");
    }

    @Test
    void jsonPrintsOnlyTheContractDocumentOnStdout() {
        twoFlows();
        CliRun cli = cli().run("ensure", "checkout", "checkout_broken", "--json");

        assertThat(cli.exitCode).as(cli.toString()).isEqualTo(1);
        JsonNode json = Json.MAPPER.readTree(cli.out);
        assertThat(json.propertyNames()).containsExactly("summary", "flows");
        assertThat(json.get("summary").propertyNames()).containsExactly("total", "passed", "failed", "total_elapsed_ms");
        assertThat(json.get("summary").get("total").asInt()).isEqualTo(2);
        assertThat(json.get("summary").get("passed").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("failed").asInt()).isEqualTo(1);
        JsonNode passed = json.get("flows").get(0);
        assertThat(passed.propertyNames()).startsWith("flow", "status", "elapsed_ms", "nodes", "events", "exec_info");
        assertThat(passed.get("flow").asString()).isEqualTo("checkout");
        assertThat(passed.get("status").asString()).isEqualTo("passed");
        assertThat(passed.get("elapsed_ms").asDouble()).isEqualTo(0.84);
        assertThat(passed.get("nodes").asInt()).isEqualTo(2);
        assertThat(passed.get("events").asInt()).isEqualTo(2);
        assertThat(passed.get("exec_info").get(0).propertyNames()).containsExactly("node_id", "status", "message", "error", "elapsed_ms");
        assertThat(passed.get("exec_info").get(0).get("elapsed_ms").asDouble()).isEqualTo(0.01);
        JsonNode failed = json.get("flows").get(1);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("exec_info").get(1).get("error").asString()).isEqualTo("Validator assertion failed");
        assertThat(cli.err).contains("✓ checkout: passed").contains("Validator assertion failed").contains("Summary: 2 flows");
    }

    @Test
    void everyStatusOtherThanPassedExitsOne() {
        for (String state : new String[] {"timed_out", "cancelled", "error"}) {
            server.on("POST /v1/ensure-runs", 201, run("e9", "f", state, "null"));
            server.on("GET /v1/ensure-runs/e9", 200, run("e9", "f", state, "null"));
            CliRun cli = cli().run("ensure", "f");
            assertThat(cli.exitCode).as(state + "\n" + cli).isEqualTo(1);
            assertThat(cli.out).contains(Status.symbol(state) + " f: " + state);
        }
    }

    @Test
    void aRunFinishedWhileStartingIsReadBackForItsEvaluation() {
        server.on("POST /v1/ensure-runs", 201, run("e3", "checkout_broken", "failed", "null"));
        server.on("GET /v1/ensure-runs/e3", 200, run("e3", "checkout_broken", "failed", FAILED));
        CliRun cli = cli().run("ensure", "checkout_broken");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out).contains("⏳ checkout_broken: starting (firing triggers)").contains("    ✗ payment_charged: Validator assertion failed");
    }

    @Test
    void aRunTheServerDoesNotFinishLongAfterItsDeadlineIsReportedTimedOut() {
        String stuck = """
                {"id":"e7","flow":"slow","state":"waiting","run_id":"r7","error":null,"deadline":"%s","evaluation":null}"""
                .formatted(Instant.now().minusSeconds(31));
        server.on("POST /v1/ensure-runs", 201, stuck);
        CliRun cli = cli().run("ensure", "slow");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out).contains("⏱ slow: timed_out").contains("The server did not finish ensure run e7 by its deadline");
    }

    @Test
    void aTriggerErrorIsPrintedWithTheFlow() {
        server.on("POST /v1/ensure-runs", 201, """
                {"id":"e5","flow":"pay","state":"error","run_id":null,"error":"Command triggers are disabled; set FLOWPROOF_COMMAND_TRIGGERS=true","evaluation":null}""");
        CliRun cli = cli().run("ensure", "pay");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(server.requests("GET", "/v1/ensure-runs/e5")).hasSize(1); // 404 here: the start answer is used
        assertThat(cli.out).contains("✗ pay: error").contains("    Command triggers are disabled; set FLOWPROOF_COMMAND_TRIGGERS=true");
    }

    @Test
    void anUnknownFlowIsAnErrorNamingTheFlow() {
        server.on("POST /v1/ensure-runs", 404, "{\"detail\":\"Flow 'nope' has no nodes\"}");
        CliRun cli = cli().run("ensure", "nope");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out).contains("✗ nope: error").contains("Flow 'nope' is not known to the server: Flow 'nope' has no nodes (404");
    }

    @Test
    void noFlowsWithTriggersIsAnError() {
        server.on("GET /v1/flows", 200, "[{\"flow\":\"plain\",\"nodes\":2,\"trigger_nodes\":0}]");
        CliRun cli = cli().run("ensure");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err).contains("✗ No flows with trigger nodes found");
    }

    @Test
    void liveModeOnATerminalRedrawsTheBlockInPlace() {
        twoFlows();
        CliRun cli = cli().tty().run("ensure", "checkout", "--live");

        assertThat(cli.exitCode).as(cli.toString()).isZero();
        assertThat(cli.out).contains("\033[2K⏳ checkout: starting, firing triggers (").contains("\033[2K⏳ checkout: waiting (")
                .contains("\033[1F\033[2K[").contains("✓ checkout: passed");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(cli().run("ensure", "--parallel", "0").exitCode).isEqualTo(2);
        assertThat(cli().run("ensure", "--max-timeout", "soon").exitCode).isEqualTo(2);
        assertThat(cli().run("ensure", "--bogus").exitCode).isEqualTo(2);
        assertThat(cli().run("nonsense").exitCode).isEqualTo(2);
        CliRun none = cli().run();
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).contains("Missing command");
        assertThat(server.requests).isEmpty();
    }
}
