package io.flowproof.functions.lambda;

import static io.flowproof.functions.lambda.LambdaInvocations.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.infra.testing.PostgresExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cold start of each function without SnapStart: a fresh JVM on the Lambda artifact
 * ({@code functions-<version>-aws.jar}) constructs Spring Cloud Function's {@code FunctionInvoker} (Spring context,
 * no web server, no migrations, no database connection) and handles a first and a second invocation against the
 * embedded Postgres. Run after {@code package}:
 * {@code ./mvnw -B verify -pl functions -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ColdStartBenchmark -DexcludedGroups= -Dgroups=benchmark}
 * (the table is printed and written to {@code functions/target/it-logs/ColdStartBenchmark-report.txt}).
 */
@Tag("benchmark")
class ColdStartBenchmark {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    @Test
    void measuresInitAndFirstInvocationPerFunctionInAFreshJvm() throws Exception {
        Flyway.configure().dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:db/migration").load().migrate();
        Path jar;
        try (var jars = Files.list(Path.of("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().endsWith("-aws.jar")).findFirst().orElseThrow();
        }
        Path events = Files.createTempDirectory("coldstart");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("ingest", LambdaInvocations.functionUrlEvent("POST", "/v1/events-batch", "", KEY,
                "[{\"flow\":\"cold\",\"id\":\"a\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]", false));
        cases.put("evaluate", LambdaInvocations.functionUrlEvent("POST", "/v1/run-eval", "", KEY,
                "{\"run_id\":\"r\",\"flow\":\"cold\"}", false));
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-10s %10s %10s %10s %8s %10s", "function", "init_ms", "first_ms", "second_ms", "status", "jvm_ms"));
        for (var entry : cases.entrySet()) {
            for (int round = 0; round < 3; round++) {
                Path event = events.resolve(entry.getKey() + ".json");
                Files.writeString(event, entry.getValue());
                String classpath = jar.toAbsolutePath() + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
                ProcessBuilder builder = new ProcessBuilder("java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                        "-cp", classpath, ColdStartProbe.class.getName(), event.toString()).redirectErrorStream(true);
                Map<String, String> env = builder.environment();
                env.keySet().removeIf(k -> k.startsWith("FLOWPROOF_") || k.startsWith("SPRING_") || k.startsWith("BUSINESS_USE_"));
                env.put("MAIN_CLASS", "io.flowproof.functions.FlowproofApplication");
                env.put("SPRING_CLOUD_FUNCTION_DEFINITION", entry.getKey());
                env.put("FLOWPROOF_DATABASE_URL", "postgresql://" + postgres.username() + "@" + postgres.host() + ":"
                        + postgres.port() + "/" + postgres.database());
                env.put("FLOWPROOF_API_KEY", KEY);
                env.put("FLOWPROOF_EVALUATION_MODE", "sync");
                env.put("FLOWPROOF_EMBEDDED_POSTGRES_ENABLED", "false");
                env.put("SPRING_FLYWAY_ENABLED", "false");
                env.put("SPRING_R2DBC_POOL_INITIAL_SIZE", "0");
                env.put("SPRING_MAIN_LAZY_INITIALIZATION", "true");
                env.put("FLOWPROOF_METRICS_EMF_ENABLED", "true"); // as in template.yaml
                env.put("FLOWPROOF_LOG_FORMAT", "json");
                long started = System.nanoTime();
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                long jvmMs = (System.nanoTime() - started) / 1_000_000;
                String result = output.lines().filter(l -> l.startsWith("COLDSTART")).findFirst()
                        .orElseThrow(() -> new AssertionError("probe failed:\n" + output));
                Map<String, String> values = new LinkedHashMap<>();
                for (String pair : result.substring("COLDSTART ".length()).split(" ")) {
                    values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
                assertThat(values.get("status")).isEqualTo("200");
                lines.add(String.format("%-10s %10s %10s %10s %8s %10d", entry.getKey(), values.get("init_ms"),
                        values.get("first_ms"), values.get("second_ms"), values.get("status"), jvmMs));
            }
        }
        String report = "Cold start, fresh JVM per row, artifact " + jar.getFileName() + " (" + Files.size(jar) / 1_000_000
                + " MB)\n" + String.join("\n", lines) + "\n";
        System.out.println(report);
        Files.createDirectories(Path.of("target", "it-logs"));
        Files.writeString(Path.of("target", "it-logs", "ColdStartBenchmark-report.txt"), report);
    }
}
