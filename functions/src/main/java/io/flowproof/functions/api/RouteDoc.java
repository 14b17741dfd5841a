package io.flowproof.functions.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /openapi.json} says about a {@link Route} beyond its method, path and summary: a description, query
 * parameters, the request body and the answers. Path parameters come from the route's template ({@code {id}}), the
 * security requirement and the 401/403 answers from {@link Route#isPublic()}; schemas are named components of
 * {@link OpenApiDocument}. Built fluently next to the route:
 *
 * <pre>{@code
 * new Route("GET", "/v1/events", EVALUATE, false, "List events", handler)
 *         .with(RouteDoc.of("Events, newest first.").query("flow", "string", "only this flow").returns(200, "Events", "EventList"))
 * }</pre>
 *
 * @param description longer text (CommonMark)
 * @param tag the group the route is listed under
 * @param query query parameters
 * @param body the request body, or {@code null}
 * @param responses answers besides the ones every route may give (derived)
 */
public record RouteDoc(String description, String tag, List<Param> query, Body body, List<Answer> responses) {

    /** Nothing beyond the summary: the route is still listed, with its path parameters and the usual answers. */
    public static final RouteDoc NONE = new RouteDoc(null, null, List.of(), null, List.of());

    /** A query parameter; {@code type} is a JSON-schema type ({@code string}, {@code integer}, {@code boolean}). */
    public record Param(String name, String type, boolean required, String description, boolean repeatable) {}

    /**
     * The request body: {@code schema} names a component, {@code example} is a literal example (JSON text, or YAML
     * when {@code mediaType} is not JSON).
     */
    public record Body(String mediaType, String schema, String example, boolean required) {}

    /** One answer: status, what it means, and the component schema of its body ({@code null}: no body described). */
    public record Answer(int status, String description, String schema) {}

    public static RouteDoc of(String description) {
        return new RouteDoc(description, null, List.of(), null, List.of());
    }

    public RouteDoc tag(String name) {
        return new RouteDoc(description, name, query, body, responses);
    }

    public RouteDoc query(String name, String type, String description) {
        return withParam(new Param(name, type, false, description, false));
    }

    public RouteDoc requiredQuery(String name, String type, String description) {
        return withParam(new Param(name, type, true, description, false));
    }

    /** A parameter that may be given several times ({@code ?name=a&name=b}). */
    public RouteDoc repeatableQuery(String name, String type, String description) {
        return withParam(new Param(name, type, false, description, true));
    }

    private RouteDoc withParam(Param param) {
        List<Param> more = new ArrayList<>(query);
        more.add(param);
        return new RouteDoc(description, tag, List.copyOf(more), body, responses);
    }

    public RouteDoc jsonBody(String schema, String example) {
        return new RouteDoc(description, tag, query, new Body("application/json", schema, example, true), responses);
    }

    public RouteDoc body(String mediaType, String schema, String example) {
        return new RouteDoc(description, tag, query, new Body(mediaType, schema, example, true), responses);
    }

    public RouteDoc returns(int status, String description, String schema) {
        List<Answer> more = new ArrayList<>(responses);
        more.add(new Answer(status, description, schema));
        return new RouteDoc(this.description, tag, query, body, List.copyOf(more));
    }
}
