package io.flowproof.infra.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import io.flowproof.domain.flow.FlowDefinition;
import io.flowproof.domain.flow.FlowFile;
import io.flowproof.domain.flow.FlowProblem;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.flow.Schedule;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowFileParserTest {

    static final Expressions EXPRESSIONS = new Expressions(List.of(new CelExpressionEngine(), new JsExpressionEngine(),
            new PythonExpressionEngine()));

    private final YamlFlowFiles files = new YamlFlowFiles(EXPRESSIONS);

    private FlowDefinition valid(String yaml) {
        FlowFile file = files.parse("f.yaml", yaml);
        assertThat(file.problems()).isEmpty();
        return file.definition();
    }

    private List<String> problems(String yaml) {
        FlowFile file = files.parse("f.yaml", yaml);
        assertThat(file.definition()).isNull();
        return file.problems().stream().map(FlowProblem::toString).toList();
    }

    private static NodeDefinition node(FlowDefinition flow, String id) {
        return flow.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void loadsTheOriginalExampleWithTriggerDefaults() {
        FlowDefinition flow = valid("""
                flow: payment_approval
                nodes:
                  - id: create_payment
                    type: trigger
                    flow: ignored_here
                    description: Create a payment through the API
                    handler: http_request
                    handler_input:
                      input_schema: {type: object}
                      params:
                        url: "${secret.API_BASE_URL}/payments"
                        headers: {Authorization: "Bearer ${secret.PAYMENT_API_KEY}"}
                        body: '{"amount": 100}'
                        run_id_extractor: {engine: python, script: "str(output['id'])"}
                  - id: payment_approved
                    type: assert
                    dep_ids: [create_payment]
                    validator: {engine: python, script: "data.get('approved') == True"}
                    conditions: [{timeout_ms: 30000}]
                    additional_meta: {team: payments}
                  - id: receipt_sent
                    type: act
                    dep_ids: [payment_approved]
                    filter: {engine: cel, script: "data.amount > 0"}
                """);

        assertThat(flow.flow()).isEqualTo("payment_approval");
        assertThat(flow.nodes()).extracting(NodeDefinition::id).containsExactly("create_payment", "payment_approved", "receipt_sent");
        assertThat(flow.nodes()).allSatisfy(n -> {
            assertThat(n.flow()).isEqualTo("payment_approval");
            assertThat(n.source()).isEqualTo(NodeSource.CODE);
        });
        NodeDefinition trigger = node(flow, "create_payment");
        assertThat(trigger.type()).isEqualTo(NodeType.TRIGGER);
        assertThat(trigger.handler()).isEqualTo("http_request");
        assertThat(trigger.handlerInput()).containsEntry("input_schema", Map.of("type", "object"));
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) trigger.handlerInput().get("params");
        assertThat(params)
                .containsEntry("url", "${secret.API_BASE_URL}/payments")
                .containsEntry("method", "GET")
                .containsEntry("timeout_ms", 30_000L)
                .containsEntry("body", "{\"amount\": 100}")
                .containsEntry("headers", Map.of("Authorization", "Bearer ${secret.PAYMENT_API_KEY}"))
                .containsEntry("run_id_extractor", Map.of("engine", "python", "script", "str(output['id'])"));
        NodeDefinition approved = node(flow, "payment_approved");
        assertThat(approved.depIds()).containsExactly("create_payment");
        assertThat(approved.validator()).isEqualTo(new Expr(Engine.PYTHON, "data.get('approved') == True"));
        assertThat(approved.conditions()).containsExactly(new Condition(30_000L));
        assertThat(approved.additionalMeta()).isEqualTo(Map.of("team", "payments"));
        assertThat(node(flow, "receipt_sent").filter()).isEqualTo(Expr.cel("data.amount > 0"));
        assertThat(flow.settings().schedule()).isNull();
        assertThat(flow.settings().sourceFile()).isEqualTo("f.yaml");
    }

    @Test
    void readsEnsureAndScheduleExtensions() {
        FlowDefinition flow = valid("""
                flow: checkout
                ensure:
                  timeout_ms: 60000
                  poll_interval_ms: 500
                  retries: {max_attempts: 5, initial_ms: 200, factor: 3, max_ms: 4000}
                schedule:
                  cron: "*/15 * * * *"
                  timezone: Europe/Paris
                nodes:
                  - {id: a, type: act}
                """);

        assertThat(flow.settings().timeoutMs()).isEqualTo(60_000L);
        assertThat(flow.settings().pollIntervalMs()).isEqualTo(500L);
        assertThat(flow.settings().triggerRetry())
                .isEqualTo(RetryPolicy.backoff(5, Duration.ofMillis(200), 3.0, Duration.ofMillis(4000)));
        assertThat(flow.settings().schedule()).isEqualTo(new Schedule("*/15 * * * *", "Europe/Paris"));
    }

    @Test
    void partialRetriesTakeTheRestFromTheDefaults() {
        FlowDefinition flow = valid("""
                flow: x
                ensure: {retries: {max_attempts: 7}}
                schedule: {cron: "0 9 * * MON-FRI"}
                """);
        assertThat(flow.settings().triggerRetry()).isEqualTo(new RetryPolicy(7, RetryPolicy.DEFAULT.initial(),
                RetryPolicy.DEFAULT.factor(), RetryPolicy.DEFAULT.max()));
        assertThat(flow.settings().timeoutMs()).isNull();
        assertThat(flow.settings().schedule()).isEqualTo(new Schedule("0 9 * * MON-FRI", "UTC"));
        assertThat(flow.nodes()).isEmpty();
    }

    @Test
    void allowsSeveralTriggersAndACommandTrigger() {
        FlowDefinition flow = valid("""
                flow: multi
                nodes:
                  - id: seed
                    type: trigger
                    handler: command
                    handler_input:
                      params:
                        command: "echo '{\\"id\\": 1}'"
                        run_id_extractor: {engine: js, script: "output.stdout.trim()"}
                  - id: order
                    type: trigger
                    handler: http_request
                    handler_input:
                      params:
                        url: http://localhost/orders
                        method: POST
                        timeout_ms: 5000
                        run_id_extractor: {engine: cel, script: "string(output.id)"}
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> seed = (Map<String, Object>) node(flow, "seed").handlerInput().get("params");
        assertThat(seed).containsEntry("timeout_ms", 30_000L).doesNotContainKey("method");
        @SuppressWarnings("unchecked")
        Map<String, Object> order = (Map<String, Object>) node(flow, "order").handlerInput().get("params");
        assertThat(order).containsEntry("method", "POST").containsEntry("timeout_ms", 5_000L);
    }

    @Test
    void reportsTheOriginalStructuralMessages() {
        assertThat(problems("")).containsExactly("f.yaml:1: YAML root must be a dictionary");
        assertThat(problems("- a\n- b\n")).containsExactly("f.yaml:1: YAML root must be a dictionary");
        assertThat(problems("nodes: []\n")).containsExactly("f.yaml:1: YAML must contain a 'flow' field");
        assertThat(problems("flow: x\nnodes:\n  id: a\n")).containsExactly("f.yaml:2: '" + "nodes' field must be a list");
        assertThat(problems("""
                flow: x
                nodes:
                  - just a string
                  - type: act
                  - id: b
                """)).containsExactly(
                "f.yaml:3: Each node must be a dictionary",
                "f.yaml:4: Each node must have an 'id' field",
                "f.yaml:5: Each node must have an 'type' field");
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        List<String> found = problems("""
                flow: shop
                nodes:
                  - id: a
                    type: action
                  - id: b
                    type: act
                    dep_ids: [a, ghost]
                    validator: {engine: python, script: "data['x'] =="}
                  - id: c
                    type: assert
                    filter: {engine: ruby, script: "true"}
                    conditions: [{timeout_ms: -5}]
                  - id: b
                    type: act
                  - id: d
                    type: hook
                    handler: webhook
                    handler_input:
                      params: {method: FETCH, timeout_ms: 0}
                """);
        assertThat(found).hasSize(9);
        assertThat(found.get(0)).startsWith("f.yaml:4: node 'a': 'type' must be 'generic', 'trigger', 'act', 'assert' or 'hook', not 'action'");
        assertThat(found.get(1)).startsWith("f.yaml:8: node 'b': 'validator': python syntax error");
        assertThat(found.get(2)).isEqualTo("f.yaml:11: node 'c': 'filter' engine must be 'python', 'js' or 'cel', not 'ruby'");
        assertThat(found.get(3)).isEqualTo("f.yaml:12: node 'c': 'timeout_ms' must be a whole number of milliseconds >= 0, not -5");
        assertThat(found.get(4)).isEqualTo("f.yaml:13: duplicate node id 'b' (first defined on line 5)");
        assertThat(found.get(5)).isEqualTo("f.yaml:17: node 'd': 'handler' must be 'http_request', 'command', 'test_run' or 'test_suite_run', not 'webhook'");
        assertThat(found.get(6)).isEqualTo("f.yaml:19: node 'd': 'params.method' must be GET, POST, PUT, DELETE or PATCH, not 'FETCH'");
        assertThat(found.get(7)).isEqualTo("f.yaml:19: node 'd': 'params.timeout_ms' must be a positive whole number of milliseconds, not 0");
        assertThat(found.get(8)).isEqualTo("f.yaml:7: node 'b' depends on unknown node 'ghost'");
    }

    @Test
    void reportsUnknownDependenciesAndCycles() {
        assertThat(problems("""
                flow: loop
                nodes:
                  - id: a
                    type: act
                    dep_ids: [c]
                  - id: b
                    type: act
                    dep_ids:
                      - a
                      - nowhere
                  - id: c
                    type: act
                    dep_ids: [b]
                  - id: self
                    type: act
                    dep_ids: [self]
                """)).containsExactly(
                "f.yaml:10: node 'b' depends on unknown node 'nowhere'",
                "f.yaml:3: dependency cycle: a -> c -> b -> a",
                "f.yaml:14: dependency cycle: self -> self");
    }

    @Test
    void checksTriggerNodes() {
        List<String> found = problems("""
                flow: t
                nodes:
                  - id: up
                    type: act
                  - id: bare
                    type: trigger
                    dep_ids: [up]
                  - id: http
                    type: trigger
                    handler: http_request
                    handler_input:
                      params: {method: POST}
                  - id: cmd
                    type: trigger
                    handler: command
                    handler_input:
                      params:
                        run_id_extractor: {engine: python, script: "output['stdout'"}
                """);
        assertThat(found).hasSize(7);
        assertThat(found.subList(0, 5)).containsExactly(
                "f.yaml:7: trigger node 'bare' cannot have dep_ids",
                "f.yaml:5: trigger node 'bare' needs a 'handler' (http_request or command)",
                "f.yaml:5: trigger node 'bare' needs 'handler_input.params'",
                "f.yaml:12: trigger node 'http' needs 'handler_input.params.url'",
                "f.yaml:12: trigger node 'http' needs 'handler_input.params.run_id_extractor'");
        assertThat(found.get(5)).startsWith("f.yaml:18: node 'cmd': 'run_id_extractor': python syntax error");
        assertThat(found.get(6)).isEqualTo("f.yaml:17: trigger node 'cmd' needs 'handler_input.params.command'");
    }

    @Test
    void checksTheExtractorWithItsOwnVariables() {
        List<String> found = problems("""
                flow: t
                nodes:
                  - id: go
                    type: trigger
                    handler: command
                    handler_input:
                      params:
                        command: "true"
                        run_id_extractor: {engine: cel, script: "data.id"}
                """);
        assertThat(found).singleElement().asString().startsWith("f.yaml:9: node 'go': 'run_id_extractor': cel syntax error");
    }

    @Test
    void reportsBadSettings() {
        assertThat(problems("""
                flow: s
                ensure:
                  timeout_ms: soon
                  poll_interval: 5
                  retries: {max_attempts: 0, factor: 0.5}
                schedule:
                  cron: "*/15 * * *"
                  timezone: Mars/Olympus
                """)).containsExactly(
                "f.yaml:4: unknown key 'poll_interval' in 'ensure' (expected timeout_ms, poll_interval_ms, retries)",
                "f.yaml:3: 'ensure.timeout_ms' must be a whole number > 0, not 'soon'",
                "f.yaml:5: 'ensure.retries.max_attempts' must be a whole number > 0, not 0",
                "f.yaml:5: 'ensure.retries.factor' must be a number >= 1.0, not 0.5",
                "f.yaml:7: invalid cron expression '*/15 * * *': expected 5 fields (minute hour day-of-month month day-of-week), found 4",
                "f.yaml:8: invalid 'schedule.timezone' 'Mars/Olympus': unknown time zone");
        assertThat(problems("flow: s\nschedule:\n  cron: \"61 * * * *\"\n")).singleElement().asString()
                .startsWith("f.yaml:3: invalid cron expression '61 * * * *': ");
        assertThat(problems("flow: s\nschedule: hourly\n")).containsExactly("f.yaml:2: 'schedule' must be a mapping");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        assertThat(problems("flow: x\nnodes:\n  - id: a\n    type: [act\n")).singleElement().asString()
                .startsWith("f.yaml:").contains("invalid YAML");
        assertThat(problems("flow: x\n  nodes: - a\n")).singleElement().asString().matches("f\\.yaml:2: invalid YAML: .*");
    }
}
