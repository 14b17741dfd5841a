package io.flowproof.functions.api;

import io.flowproof.infra.json.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the router's own route list, so it cannot miss or
 * invent an endpoint: every {@link Route} becomes an operation with its method, path, summary, the function that
 * serves it on Lambda, path parameters from its template, its {@link RouteDoc}, and the answers every route of its
 * kind may give (401/403 without a valid {@code X-Api-Key}, 422 for invalid input, 503 when the database is down).
 *
 * <p>Why not springdoc: all HTTP goes through one {@link ApiRouter} (locally and on Lambda), which springdoc cannot
 * see; documenting the routes where they are declared and rendering them here needs no annotation scanning (no
 * start-up cost) and works in the Lambda functions too.
 */
public final class OpenApiDocument {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    private OpenApiDocument() {
    }

    /** The document as JSON-ready maps. */
    public static Map<String, Object> of(List<Route> routes, String version) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put("info", info(version));
        document.put("servers", List.of(Map.of("url", "/", "description", "this server")));
        document.put("security", List.of(Map.of("ApiKey", List.of())));
        document.put("tags", tags(routes));
        document.put("paths", paths(routes));
        document.put("components", Map.of("securitySchemes", Map.of("ApiKey", Map.of("type", "apiKey", "in", "header",
                "name", "X-Api-Key", "description", "The API key (FLOWPROOF_API_KEY, or the generated key in ~/.flowproof/api-key). "
                        + "A `Bearer ` prefix inside the value is accepted.")), "schemas", ApiSchemas.ALL));
        return document;
    }

    public static byte[] json(List<Route> routes, String version) {
        return WireJson.MAPPER.writeValueAsBytes(of(routes, version));
    }

    private static Map<String, Object> info(String version) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Flowproof API");
        info.put("version", version);
        info.put("description", """
                Flowproof checks that business flows really happen: applications send act/assert events, Flowproof \
                evaluates each run's node graph. The `/v1` API is compatible with the Business-Use SDKs and UI.

                Every operation needs the `X-Api-Key` header except those marked as public. Errors are JSON: \
                `{"detail": "..."}`, or for invalid input `422 {"detail": [{"type","loc","msg","input"}]}`. \
                On AWS Lambda each operation is served by the function named in its `x-flowproof-function`.""");
        info.put("license", Map.of("name", "see the repository"));
        return info;
    }

    private static List<Map<String, Object>> tags(List<Route> routes) {
        List<String> names = new ArrayList<>();
        for (Route route : routes) {
            String tag = tag(route);
            if (!names.contains(tag)) {
                names.add(tag);
            }
        }
        return names.stream().map(name -> Map.<String, Object>of("name", name)).toList();
    }

    static String tag(Route route) {
        if (route.doc().tag() != null) {
            return route.doc().tag();
        }
        String[] parts = route.template().split("/");
        if (parts.length > 2 && parts[1].equals("v1")) {
            return parts[2];
        }
        return "service";
    }

    private static Map<String, Object> paths(List<Route> routes) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.template(), key -> new LinkedHashMap<>());
            item.put(route.method().toLowerCase(java.util.Locale.ROOT), operation(route));
        }
        return paths;
    }

    private static Map<String, Object> operation(Route route) {
        RouteDoc doc = route.doc();
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", operationId(route));
        operation.put("tags", List.of(tag(route)));
        operation.put("summary", route.summary());
        String served = route.function().equals(Route.ANY_FUNCTION) || route.isPublic() ? "every function" : "the `" + route.function() + "` function";
        operation.put("description", (doc.description() == null ? "" : doc.description() + "\n\n")
                + (route.isPublic() ? "Public: no key needed. " : "") + "On Lambda: served by " + served + ".");
        operation.put("x-flowproof-function", route.function());
        if (route.isPublic()) {
            operation.put("security", List.of());
        }
        List<Map<String, Object>> parameters = parameters(route);
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (doc.body() != null) {
            operation.put("requestBody", requestBody(doc.body()));
        }
        operation.put("responses", responses(route));
        return operation;
    }

    static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(java.util.Locale.ROOT));
        for (String part : route.template().split("[/{}-]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (route.template().equals("/")) {
            return id.append("Root").toString();
        }
        // "/ui/" beside "/ui": the page at the directory's index
        return route.template().endsWith("/") ? id.append("Index").toString() : id.toString();
    }

    private static List<Map<String, Object>> parameters(Route route) {
        List<Map<String, Object>> parameters = new ArrayList<>();
        Matcher variables = PATH_VARIABLE.matcher(route.template());
        while (variables.find()) {
            parameters.add(Map.of("name", variables.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        for (RouteDoc.Param param : route.doc().query()) {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("name", param.name());
            parameter.put("in", "query");
            parameter.put("required", param.required());
            if (param.description() != null) {
                parameter.put("description", param.description());
            }
            parameter.put("schema", param.repeatable() ? Map.of("type", "array", "items", Map.of("type", param.type()))
                    : Map.of("type", param.type()));
            if (param.repeatable()) {
                parameter.put("explode", true);
            }
            parameters.add(parameter);
        }
        return parameters;
    }

    private static Map<String, Object> requestBody(RouteDoc.Body body) {
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("schema", body.schema() == null ? Map.of("type", "string") : ref(body.schema()));
        if (body.example() != null) {
            media.put("example", body.mediaType().contains("json") ? WireJson.read(body.example()) : body.example());
        }
        return Map.of("required", body.required(), "content", Map.of(body.mediaType(), media));
    }

    private static Map<String, Object> responses(Route route) {
        Map<String, Object> responses = new LinkedHashMap<>();
        List<RouteDoc.Answer> answers = route.doc().responses().isEmpty()
                ? List.of(new RouteDoc.Answer(200, "OK", null)) : route.doc().responses();
        for (RouteDoc.Answer answer : answers) {
            responses.put(String.valueOf(answer.status()), response(answer.description(), answer.schema()));
        }
        if (!route.isPublic()) {
            responses.putIfAbsent("401", response("The `X-Api-Key` header is missing", "Detail"));
            responses.putIfAbsent("403", response("The key is wrong", "Detail"));
        }
        if (route.doc().body() != null || !route.doc().query().isEmpty()) {
            responses.putIfAbsent("422", response("Invalid input: every bad field is named in `loc`", "ValidationError"));
        }
        if (route.template().startsWith("/v1/") && !route.template().equals("/v1/status")) {
            responses.putIfAbsent("503", response("The database cannot be reached (with `Retry-After`); nothing was changed", "Detail"));
        }
        return responses;
    }

    private static Map<String, Object> response(String description, String schema) {
        if (schema == null) {
            return Map.of("description", description);
        }
        String mediaType = schema.equals("Html") ? "text/html" : schema.equals("Asset") ? "text/plain" : "application/json";
        return Map.of("description", description, "content", Map.of(mediaType, Map.of("schema", ref(schema))));
    }

    static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }
}
