package io.flowproof.domain.ensure;

import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.model.NodeDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One trigger node, checked (flows-yaml.md §4): its handler, its raw {@code params} (templates not yet
 * substituted), its timeout ({@code timeout_ms}, default 30,000) and its run-id extractor (may be null on all
 * but the last trigger).
 */
public record TriggerSpec(String nodeId, String handler, Map<String, Object> params, Duration timeout, Expr runIdExtractor) {

    public static final String HTTP_REQUEST = "http_request";
    public static final String COMMAND = "command";
    public static final List<String> KNOWN_HANDLERS = List.of(HTTP_REQUEST, COMMAND, "test_run", "test_suite_run");
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    /** The method, {@code GET} when absent (the original passed null and failed). */
    public String method() {
        Object method = params.get("method");
        return method instanceof String s && !s.isBlank() ? s.strip().toUpperCase(java.util.Locale.ROOT) : "GET";
    }

    /**
     * Checks a trigger node.
     *
     * @throws IllegalArgumentException with a readable reason when the node cannot be run
     */
    @SuppressWarnings("unchecked")
    public static TriggerSpec of(NodeDefinition node) {
        String id = node.id();
        if (node.handler() == null) {
            throw new IllegalArgumentException("Trigger node '" + id + "' has no handler (http_request or command)");
        }
        if (!KNOWN_HANDLERS.contains(node.handler())) {
            throw new IllegalArgumentException("Trigger node '" + id + "' has an unknown handler '" + node.handler() + "'");
        }
        Object rawParams = node.handlerInput() == null ? null : node.handlerInput().get("params");
        if (!(rawParams instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Trigger node '" + id + "' has no handler_input.params");
        }
        Map<String, Object> params = (Map<String, Object>) map;
        if (node.handler().equals(HTTP_REQUEST) && !(params.get("url") instanceof String url && !url.isBlank())) {
            throw new IllegalArgumentException("Trigger node '" + id + "' has no params.url");
        }
        if (node.handler().equals(COMMAND) && !(params.get("command") instanceof String command && !command.isBlank())) {
            throw new IllegalArgumentException("Trigger node '" + id + "' has no params.command");
        }
        Object timeout = params.get("timeout_ms");
        long timeoutMs = timeout instanceof Number n ? n.longValue() : DEFAULT_TIMEOUT_MS;
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("Trigger node '" + id + "' has a params.timeout_ms that is not positive");
        }
        return new TriggerSpec(id, node.handler(), params, Duration.ofMillis(timeoutMs), extractor(id, params.get("run_id_extractor")));
    }

    private static Expr extractor(String id, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map && map.get("script") instanceof String script) {
            Engine engine = Engine.fromWire(map.get("engine") == null ? "python" : String.valueOf(map.get("engine")));
            if (engine == null) {
                throw new IllegalArgumentException("Trigger node '" + id + "' has a run_id_extractor with an unknown engine '"
                        + map.get("engine") + "'");
            }
            return new Expr(engine, script);
        }
        throw new IllegalArgumentException("Trigger node '" + id + "' has an invalid params.run_id_extractor");
    }
}
