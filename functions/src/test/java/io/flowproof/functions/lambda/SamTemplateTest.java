package io.flowproof.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.function.context.FunctionCatalog;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Keeps {@code template.yaml} in step with the code: every function's handler class exists, its function
 * definition names a function bean of the app, every request function has a URL, poll has its schedule, and
 * the outputs point at the URLs. Parsed as YAML with CloudFormation's short-form tags ({@code !Ref}, {@code !Sub}).
 */
class SamTemplateTest extends ApiTestSupport {

    private static Map<String, Object> template;

    @Autowired
    private FunctionCatalog functions;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        Path file = Path.of("..", "template.yaml");
        assertThat(file).exists();
        template = (Map<String, Object>) YAMLMapper.builder().build().readValue(Files.readString(file), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static Map<String, Map<String, Object>> functionResources() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((name, resource) -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                functions.put(name, map(map(resource).get("Properties")));
            }
        });
        return functions;
    }

    private static String definition(Map<String, Object> properties) {
        return (String) map(map(properties.get("Environment")).get("Variables")).get("SPRING_CLOUD_FUNCTION_DEFINITION");
    }

    @Test
    void declaresTheFourFunctionsAndTheMigrateStep() {
        assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(functionResources().values()).extracting(SamTemplateTest::definition)
                .containsExactlyInAnyOrder("ingest", "evaluate", "trigger", "poll", "migrate");
    }

    @Test
    void everyHandlerAndFunctionDefinitionExistsInTheCode() throws Exception {
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        String handler = (String) globals.get("Handler");
        assertThat(handler).endsWith("::handleRequest");
        Class<?> handlerClass = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertThat(handlerClass.getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class,
                com.amazonaws.services.lambda.runtime.Context.class)).isNotNull();
        String mainClass = (String) map(map(globals.get("Environment")).get("Variables")).get("MAIN_CLASS");
        assertThat(Class.forName(mainClass)).isNotNull();
        assertThat((String) globals.get("CodeUri")).startsWith("functions/target/functions-").endsWith("-aws.jar");

        for (Map<String, Object> function : functionResources().values()) {
            String name = definition(function);
            assertThat((Object) functions.lookup(name)).as("function bean '%s'", name).isNotNull();
        }
    }

    @Test
    void requestFunctionsHaveUnauthenticatedUrlsWithCorsAndPollHasASchedule() {
        Map<String, Map<String, Object>> byDefinition = new LinkedHashMap<>();
        functionResources().forEach((name, properties) -> byDefinition.put(definition(properties), properties));

        for (String name : List.of("ingest", "evaluate", "trigger")) {
            Map<String, Object> url = map(byDefinition.get(name).get("FunctionUrlConfig"));
            assertThat(url.get("AuthType")).as(name).isEqualTo("NONE");
            assertThat(map(url.get("Cors")).get("AllowHeaders")).as(name).isEqualTo(List.of("content-type", "x-api-key"));
        }
        assertThat(byDefinition.get("poll")).doesNotContainKey("FunctionUrlConfig");
        Map<String, Object> tick = map(map(byDefinition.get("poll").get("Events")).get("Tick"));
        assertThat(tick.get("Type")).isEqualTo("ScheduleV2");
        assertThat(map(tick.get("Properties")).get("ScheduleExpression")).isEqualTo("PollRate");

        Map<String, Object> outputs = map(template.get("Outputs"));
        assertThat(map(outputs.get("IngestUrl")).get("Value")).isEqualTo("IngestFunctionUrl.FunctionUrl");
        assertThat(map(outputs.get("EvaluateUrl")).get("Value")).isEqualTo("EvaluateFunctionUrl.FunctionUrl");
    }

    @Test
    void functionsNeverMigrateOrStartAnEmbeddedDatabaseAndEvaluateBeforeAnswering() {
        Map<String, Object> variables = map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        assertThat(variables).containsEntry("SPRING_FLYWAY_ENABLED", "false")
                .containsEntry("FLOWPROOF_EMBEDDED_POSTGRES_ENABLED", "false")
                .containsEntry("FLOWPROOF_EVALUATION_MODE", "sync")
                .containsEntry("SPRING_R2DBC_POOL_INITIAL_SIZE", "0");
        assertThat(map(map(template.get("Globals")).get("Function")).get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }

    @Test
    void metricsLeaveAsEmbeddedMetricFormatInTheConfiguredNamespaceAndLogsAreSwitchable() {
        Map<String, Object> variables = map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        assertThat(variables).containsEntry("FLOWPROOF_METRICS_EMF_ENABLED", "true")
                .containsEntry("FLOWPROOF_METRICS_EMF_NAMESPACE", "MetricsNamespace")
                .containsEntry("FLOWPROOF_LOG_FORMAT", "LogFormat");
        Map<String, Object> parameters = map(template.get("Parameters"));
        assertThat(map(parameters.get("MetricsNamespace")).get("Default")).isEqualTo("Flowproof");
        assertThat(map(parameters.get("LogFormat")).get("AllowedValues")).isEqualTo(List.of("json", "text"));
    }

}
