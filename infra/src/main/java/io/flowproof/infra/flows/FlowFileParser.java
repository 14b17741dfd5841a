package io.flowproof.infra.flows;

import io.flowproof.domain.expression.Engine;
import io.flowproof.domain.expression.Expr;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.flow.FlowDefinition;
import io.flowproof.domain.flow.FlowFile;
import io.flowproof.domain.flow.FlowProblem;
import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.infra.flows.YamlTree.Mapping;
import io.flowproof.infra.flows.YamlTree.Node;
import io.flowproof.infra.flows.YamlTree.Scalar;
import io.flowproof.infra.flows.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one YAML flow file into a {@link FlowDefinition}, or into the list of every problem found in it, each
 * with its line. The structural messages are the original's ({@code YAML root must be a dictionary}, ...); the
 * rest name the node and the key. See docs/flows.md for the format.
 */
final class FlowFileParser {

    static final String ROOT_NOT_MAPPING = "YAML root must be a dictionary";
    static final String NO_FLOW = "YAML must contain a 'flow' field";
    static final String NODES_NOT_LIST = "'nodes' field must be a list";
    static final String NODE_NOT_MAPPING = "Each node must be a dictionary";
    static final String NO_ID = "Each node must have an 'id' field";
    static final String NO_TYPE = "Each node must have an 'type' field";

    static final long DEFAULT_TRIGGER_TIMEOUT_MS = 30_000;
    private static final Set<String> HANDLERS = Set.of("http_request", "command", "test_run", "test_suite_run");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final Expressions expressions;

    FlowFileParser(Expressions expressions) {
        this.expressions = expressions;
    }

    /** A parsed file and the line of its {@code flow:} key (for problems found across files). */
    record Parsed(FlowFile file, int flowLine) {}

    Parsed parse(String name, String text) {
        Problems problems = new Problems(name);
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.SyntaxError e) {
            problems.add(e.line(), "invalid YAML: " + e.getMessage());
            return new Parsed(problems.file(null), 0);
        }
        if (!(root instanceof Mapping document)) {
            problems.add(root == null ? 1 : root.line(), ROOT_NOT_MAPPING);
            return new Parsed(problems.file(null), 0);
        }
        String flow = flowName(document, problems);
        List<NodeDefinition> nodes = nodes(flow == null ? "" : flow, document, problems);
        FlowSettings settings = new SettingsParser(problems).settings(flow == null ? "" : flow, document, name);
        FlowDefinition definition = flow == null || problems.any() ? null : new FlowDefinition(flow, nodes, settings);
        return new Parsed(problems.file(definition), document.lineOf("flow"));
    }

    private static String flowName(Mapping document, Problems problems) {
        if (!document.has("flow")) {
            problems.add(1, NO_FLOW);
            return null;
        }
        if (document.get("flow") instanceof Scalar scalar && scalar.value() instanceof String name && !name.isBlank()) {
            return name;
        }
        problems.add(document.lineOf("flow"), "'flow' must be a non-empty string");
        return null;
    }

    // --- nodes ------------------------------------------------------------------------------------

    private List<NodeDefinition> nodes(String flow, Mapping document, Problems problems) {
        if (!document.has("nodes")) {
            return List.of();
        }
        if (!(document.get("nodes") instanceof Sequence list)) {
            problems.add(document.lineOf("nodes"), NODES_NOT_LIST);
            return List.of();
        }
        List<NodeDefinition> nodes = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        Map<String, List<DepRef>> deps = new LinkedHashMap<>();
        for (Node item : list.items()) {
            if (!(item instanceof Mapping raw)) {
                problems.add(item.line(), NODE_NOT_MAPPING);
                continue;
            }
            NodeDefinition node = new NodeParser(flow, raw, problems).node();
            if (node == null) {
                continue;
            }
            Integer first = lines.putIfAbsent(node.id(), raw.lineOf("id"));
            if (first != null) {
                problems.add(raw.lineOf("id"), "duplicate node id '" + node.id() + "' (first defined on line " + first + ")");
                continue;
            }
            nodes.add(node);
            deps.put(node.id(), depRefs(raw, node));
        }
        checkDependencies(deps, lines, problems);
        return nodes;
    }

    private record DepRef(String id, int line) {}

    private static List<DepRef> depRefs(Mapping raw, NodeDefinition node) {
        List<DepRef> refs = new ArrayList<>();
        if (raw.get("dep_ids") instanceof Sequence list) {
            for (Node item : list.items()) {
                if (item instanceof Scalar scalar && scalar.value() instanceof String id) {
                    refs.add(new DepRef(id, item.line()));
                }
            }
        }
        return refs;
    }

    private static void checkDependencies(Map<String, List<DepRef>> deps, Map<String, Integer> lines, Problems problems) {
        deps.forEach((id, refs) -> {
            for (DepRef ref : refs) {
                if (!deps.containsKey(ref.id())) {
                    problems.add(ref.line(), "node '" + id + "' depends on unknown node '" + ref.id() + "'");
                }
            }
        });
        new CycleFinder(deps, lines, problems).run();
    }

    /** Depth-first search; every back edge is one cycle, reported once at the line of the node it starts from. */
    private static final class CycleFinder {
        private final Map<String, List<DepRef>> deps;
        private final Map<String, Integer> lines;
        private final Problems problems;
        private final Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        private final List<String> path = new ArrayList<>();

        CycleFinder(Map<String, List<DepRef>> deps, Map<String, Integer> lines, Problems problems) {
            this.deps = deps;
            this.lines = lines;
            this.problems = problems;
        }

        void run() {
            for (String id : deps.keySet()) {
                visit(id);
            }
        }

        private void visit(String id) {
            if (state.containsKey(id) || !deps.containsKey(id)) {
                return;
            }
            state.put(id, 1);
            path.add(id);
            for (DepRef dep : deps.get(id)) {
                Integer seen = state.get(dep.id());
                if (seen != null && seen == 1) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dep.id()), path.size()));
                    cycle.add(dep.id());
                    problems.add(lines.get(dep.id()), "dependency cycle: " + String.join(" -> ", cycle));
                } else {
                    visit(dep.id());
                }
            }
            path.remove(path.size() - 1);
            state.put(id, 2);
        }
    }

    /** One node item: every field checked, every problem recorded; {@code null} when the node is unusable. */
    private final class NodeParser {
        private final String flow;
        private final Mapping raw;
        private final Problems problems;
        private String label = "node";
        private int before;

        NodeParser(String flow, Mapping raw, Problems problems) {
            this.flow = flow;
            this.raw = raw;
            this.problems = problems;
        }

        NodeDefinition node() {
            before = problems.count();
            if (!raw.has("id")) {
                problems.add(raw.line(), NO_ID);
            }
            if (!raw.has("type")) {
                problems.add(raw.line(), NO_TYPE);
            }
            String id = raw.has("id") ? id() : null;
            if (id != null) {
                label = "node '" + id + "'";
            }
            NodeType type = raw.has("type") ? type() : null;
            String description = string("description");
            List<String> depIds = depIds();
            Expr filter = expr(raw, "filter", Expressions.PREDICATE_VARIABLES);
            Expr validator = expr(raw, "validator", Expressions.PREDICATE_VARIABLES);
            List<Condition> conditions = conditions();
            String handler = handler();
            Map<String, Object> handlerInput = handlerInput(handler);
            Map<String, Object> meta = mapping(raw, "additional_meta");
            if (type == NodeType.TRIGGER) {
                checkTrigger(depIds, handler, handlerInput);
            }
            if (id == null) {
                return null;
            }
            if (type == null || problems.count() > before) {
                // the file is invalid anyway; the id still counts for duplicate and dependency checks
                return NodeDefinition.of(flow, id, type == null ? NodeType.GENERIC : type, List.of());
            }
            return new NodeDefinition(flow, id, type, NodeSource.CODE, description, depIds, filter, validator, conditions,
                    handler, handlerInput, meta, null, null, null);
        }

        private String id() {
            if (raw.get("id") instanceof Scalar scalar && scalar.value() instanceof String id && !id.isBlank()) {
                return id;
            }
            if (raw.get("id") instanceof Scalar scalar && (scalar.value() instanceof Long || scalar.value() instanceof Double)) {
                return String.valueOf(scalar.value()); // an unquoted number is still a usable id
            }
            problems.add(raw.lineOf("id"), "'id' must be a non-empty string");
            return null;
        }

        private NodeType type() {
            Object value = raw.get("type") instanceof Scalar scalar ? scalar.value() : raw.get("type").plain();
            NodeType type = value instanceof String s ? NodeType.fromWire(s) : null;
            if (type == null) {
                problems.add(raw.lineOf("type"), label + ": 'type' must be " + NodeType.EXPECTED + ", not " + shown(value));
            }
            return type;
        }

        private String string(String key) {
            Node node = raw.get(key);
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return null;
            }
            if (node instanceof Scalar scalar && scalar.value() instanceof String s) {
                return s;
            }
            problems.add(raw.lineOf(key), label + ": '" + key + "' must be a string");
            return null;
        }

        private List<String> depIds() {
            Node node = raw.get("dep_ids");
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return List.of();
            }
            if (!(node instanceof Sequence list)) {
                problems.add(raw.lineOf("dep_ids"), label + ": 'dep_ids' must be a list of node ids");
                return List.of();
            }
            List<String> ids = new ArrayList<>();
            for (Node item : list.items()) {
                if (item instanceof Scalar scalar && scalar.value() instanceof String dep && !dep.isBlank()) {
                    ids.add(dep);
                } else {
                    problems.add(item.line(), label + ": every dep id must be a non-empty string, not " + shown(item.plain()));
                }
            }
            return ids;
        }

        private Expr expr(Mapping owner, String key, List<String> variables) {
            Node node = owner.get(key);
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return null;
            }
            String where = label + ": '" + key + "'";
            if (!(node instanceof Mapping map)) {
                problems.add(owner.lineOf(key), where + " must be a mapping with 'engine' and 'script'");
                return null;
            }
            Object engineName = map.get("engine") == null ? null : map.get("engine").plain();
            Engine engine = engineName instanceof String s ? Engine.fromWire(s) : null;
            if (engine == null) {
                problems.add(map.lineOf("engine"), where + " engine must be 'python', 'js' or 'cel', not " + shown(engineName));
            }
            Object script = map.get("script") == null ? null : map.get("script").plain();
            if (!(script instanceof String text)) {
                problems.add(map.lineOf("script"), where + " needs a 'script' string");
                return null;
            }
            if (engine == null) {
                return null;
            }
            Expr expr = new Expr(engine, text);
            if (expressions.supports(engine)) {
                String error = expressions.syntaxError(expr, variables);
                if (error != null) {
                    problems.add(map.lineOf("script"), where + ": " + error);
                }
            }
            return expr;
        }

        private List<Condition> conditions() {
            Node node = raw.get("conditions");
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return List.of();
            }
            if (!(node instanceof Sequence list)) {
                problems.add(raw.lineOf("conditions"), label + ": 'conditions' must be a list of {timeout_ms: <ms>}");
                return List.of();
            }
            List<Condition> conditions = new ArrayList<>();
            for (Node item : list.items()) {
                Object timeout = item instanceof Mapping map && map.get("timeout_ms") != null ? map.get("timeout_ms").plain() : null;
                if (!(item instanceof Mapping)) {
                    problems.add(item.line(), label + ": each condition must be a mapping like {timeout_ms: 30000}");
                } else if (timeout == null || timeout instanceof Long ms && ms >= 0) {
                    conditions.add(new Condition((Long) timeout));
                } else {
                    problems.add(((Mapping) item).lineOf("timeout_ms"), label + ": 'timeout_ms' must be a whole number of milliseconds >= 0, not " + shown(timeout));
                }
            }
            return conditions;
        }

        private String handler() {
            Node node = raw.get("handler");
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return null;
            }
            Object value = node.plain();
            if (value instanceof String s && HANDLERS.contains(s)) {
                return s;
            }
            problems.add(raw.lineOf("handler"), label + ": 'handler' must be 'http_request', 'command', 'test_run' or 'test_suite_run', not " + shown(value));
            return null;
        }

        private Map<String, Object> handlerInput(String handler) {
            Node node = raw.get("handler_input");
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return null;
            }
            if (!(node instanceof Mapping input)) {
                problems.add(raw.lineOf("handler_input"), label + ": 'handler_input' must be a mapping");
                return null;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("input_schema", input.get("input_schema") == null ? null : input.get("input_schema").plain());
            Node paramsNode = input.get("params");
            if (paramsNode == null || paramsNode instanceof Scalar scalar && scalar.value() == null) {
                result.put("params", null);
                return result;
            }
            if (!(paramsNode instanceof Mapping params)) {
                problems.add(input.lineOf("params"), label + ": 'handler_input.params' must be a mapping");
                return result;
            }
            result.put("params", params(handler, params));
            return result;
        }

        private Map<String, Object> params(String handler, Mapping params) {
            Map<String, Object> out = new LinkedHashMap<>();
            params.entries().forEach((key, entry) -> out.put(key, entry.value().plain()));
            for (String key : List.of("url", "body", "command", "test_run_id", "test_suite_run_id")) {
                Object value = out.get(key);
                if (value != null && !(value instanceof String)) {
                    problems.add(params.lineOf(key), label + ": 'params." + key + "' must be a string");
                }
            }
            Object method = out.get("method");
            if (method != null && !(method instanceof String m && METHODS.contains(m))) {
                problems.add(params.lineOf("method"), label + ": 'params.method' must be GET, POST, PUT, DELETE or PATCH, not " + shown(method));
            }
            Object timeout = out.get("timeout_ms");
            if (timeout != null && !(timeout instanceof Long ms && ms > 0)) {
                problems.add(params.lineOf("timeout_ms"), label + ": 'params.timeout_ms' must be a positive whole number of milliseconds, not " + shown(timeout));
            }
            Object headers = out.get("headers");
            if (headers != null && !(headers instanceof Map<?, ?>)) {
                problems.add(params.lineOf("headers"), label + ": 'params.headers' must be a mapping");
            }
            Expr extractor = expr(params, "run_id_extractor", Expressions.EXTRACTOR_VARIABLES);
            if (extractor != null) {
                Map<String, Object> stored = new LinkedHashMap<>();
                stored.put("engine", extractor.engine().wireName());
                stored.put("script", extractor.script());
                out.put("run_id_extractor", stored);
            }
            if ("http_request".equals(handler)) {
                if (out.get("method") == null) {
                    out.put("method", "GET"); // the original passes null when absent, and the trigger fails
                }
            }
            if (("http_request".equals(handler) || "command".equals(handler)) && out.get("timeout_ms") == null) {
                out.put("timeout_ms", DEFAULT_TRIGGER_TIMEOUT_MS);
            }
            return out;
        }

        private void checkTrigger(List<String> depIds, String handler, Map<String, Object> handlerInput) {
            String trigger = label.replaceFirst("^node", "trigger node");
            if (!depIds.isEmpty()) {
                problems.add(raw.lineOf("dep_ids"), trigger + " cannot have dep_ids");
            }
            if (!raw.has("handler") || raw.get("handler").plain() == null) {
                problems.add(raw.line(), trigger + " needs a 'handler' (http_request or command)");
            }
            Object params = handlerInput == null ? null : handlerInput.get("params");
            if (!(params instanceof Map<?, ?> given)) {
                if (!(raw.get("handler_input") instanceof Mapping input) || input.get("params") == null
                        || input.get("params").plain() == null) {
                    problems.add(raw.lineOf("handler_input"), trigger + " needs 'handler_input.params'");
                }
                return;
            }
            int line = ((Mapping) raw.get("handler_input")).lineOf("params");
            if ("http_request".equals(handler) && given.get("url") == null) {
                problems.add(line, trigger + " needs 'handler_input.params.url'");
            }
            if ("command".equals(handler) && given.get("command") == null) {
                problems.add(line, trigger + " needs 'handler_input.params.command'");
            }
            if (given.get("run_id_extractor") == null) {
                problems.add(line, trigger + " needs 'handler_input.params.run_id_extractor'");
            }
        }

        private Map<String, Object> mapping(Mapping owner, String key) {
            Node node = owner.get(key);
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return null;
            }
            if (node instanceof Mapping map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> plain = (Map<String, Object>) map.plain();
                return plain;
            }
            problems.add(owner.lineOf(key), label + ": '" + key + "' must be a mapping");
            return null;
        }
    }

    static String shown(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    /** The problems of one file, in the order found. */
    static final class Problems {
        private final String file;
        private final List<FlowProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(int line, String reason) {
            list.add(new FlowProblem(file, line, reason));
        }

        int count() {
            return list.size();
        }

        boolean any() {
            return !list.isEmpty();
        }

        FlowFile file(FlowDefinition definition) {
            return list.isEmpty() ? FlowFile.valid(file, definition) : FlowFile.invalid(file, list);
        }
    }
}
