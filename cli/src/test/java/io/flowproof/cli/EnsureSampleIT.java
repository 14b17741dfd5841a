package io.flowproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The ensure-checkout sample end to end, exactly as its README runs it: the packaged app with the sample's flows
 * directory and command triggers on; the CLI ensures {@code checkout} (passes) and {@code checkout_broken} (fails on
 * its validator), in-process through {@link Cli} and once as the packaged jar.
 */
class EnsureSampleIT {

    private static final String KEY = "cli-it-" + UUID.randomUUID();
    private static final Path SAMPLE = Path.of(System.getProperty("flowproof.sample.dir", "../samples/ensure-checkout"));
    private static SampleApp app;

    @BeforeAll
    static void startApp() throws Exception {
        app = SampleApp.start(SAMPLE.resolve(".business-use"), KEY);
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    private static CliRun cli() {
        return new CliRun().env("FLOWPROOF_URL", app.url()).env("FLOWPROOF_API_KEY", KEY);
    }

    @Test
    void theCheckoutFlowPasses() {
        CliRun cli = cli().run("ensure", "checkout");

        assertThat(cli.exitCode).as(cli + app.logTail()).isZero();
        assertThat(cli.out).containsPattern("] ✓ checkout: passed \\[").contains("Summary: 1 flow, 1 passed");
    }

    @Test
    void theBrokenCheckoutFailsNamingTheNodeAndItsValidator() {
        CliRun cli = cli().run("ensure", "checkout_broken");

        assertThat(cli.exitCode).as(cli + app.logTail()).isEqualTo(1);
        assertThat(cli.out).containsPattern("] ✗ checkout_broken: failed \\[")
                .contains("    ✗ payment_charged: Validator assertion failed (validator cel: data.charged == ctx.data.amount)")
                .contains("Summary: 1 flow, 0 passed, 1 failed");
    }

    @Test
    void jsonOutputCoversEveryFlowWithTriggersInTheContractsShape() {
        CliRun cli = cli().run("ensure", "--json", "--parallel", "2");

        assertThat(cli.exitCode).as(cli + app.logTail()).isEqualTo(1);
        JsonNode json = Json.MAPPER.readTree(cli.out);
        assertThat(json.propertyNames()).containsExactly("summary", "flows");
        assertThat(json.get("summary").propertyNames()).containsExactly("total", "passed", "failed", "total_elapsed_ms");
        assertThat(json.get("summary").get("total").asInt()).isEqualTo(2);
        assertThat(json.get("summary").get("passed").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("failed").asInt()).isEqualTo(1);
        assertThat(json.get("flows").valueStream().map(f -> f.get("flow").asString() + "=" + f.get("status").asString()))
                .containsExactly("checkout=passed", "checkout_broken=failed");
        for (JsonNode flow : json.get("flows")) {
            assertThat(flow.propertyNames()).contains("flow", "status", "elapsed_ms", "nodes", "events", "exec_info");
            assertThat(flow.get("nodes").asInt()).isEqualTo(3);
            assertThat(flow.get("events").asInt()).isEqualTo(3);
            assertThat(flow.get("exec_info").get(0).propertyNames()).containsExactly("node_id", "status", "message", "error", "elapsed_ms");
        }
        assertThat(cli.err).contains("Summary: 2 flows, 1 passed, 1 failed");
    }

    @Test
    void theSamplesFlowFilesAreValid() {
        CliRun cli = cli().run("flows", "validate", SAMPLE.resolve(".business-use").toString());

        assertThat(cli.exitCode).as(cli.toString()).isZero();
        assertThat(cli.out).contains("2 of 2 files valid");
    }

    @Test
    void thePackagedJarRunsTheSameCommand() throws Exception {
        Path jar = Path.of(System.getProperty("flowproof.cli.jar", "target/flowproof-cli.jar"));
        assertThat(jar).isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "ensure", "checkout_broken", "checkout").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("FLOWPROOF_") || name.startsWith("BUSINESS_USE_"));
        builder.environment().put("FLOWPROOF_URL", app.url());
        builder.environment().put("FLOWPROOF_API_KEY", KEY);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("✓ checkout: passed").contains("✗ checkout_broken: failed")
                    .contains("✗ payment_charged: Validator assertion failed");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theSampleFolderHasItsReadme() throws Exception {
        List<String> readme = Files.readAllLines(SAMPLE.resolve("README.md"));
        assertThat(String.join("\n", readme)).contains("./flowproof ensure checkout");
    }
}
