package io.flowproof.functions.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.functions.api.ApiRouter;
import io.flowproof.functions.api.Route;
import io.flowproof.functions.api.RouteSet;
import io.flowproof.infra.json.WireJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code /openapi.json} documents every route the router serves, and {@code /docs} shows it without a key or a CDN. */
class OpenApiDocsTest extends ApiTestSupport {

    @Autowired
    ApiRouter router;

    @Autowired
    List<RouteSet> routeSets;

    private Map<String, Object> spec;

    @BeforeEach
    void fetchWithoutAKey() throws java.io.IOException {
        String json = client.get().uri("/openapi.json").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/json")
                .expectBody(String.class).returnResult().getResponseBody();
        spec = WireJson.readObject(json);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), json); // for a look, or an external validator
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @Test
    void isAnOpenApi3DocumentWithTheApiKeyScheme() {
        assertThat((String) spec.get("openapi")).matches("3\\.1\\.\\d+");
        assertThat(map(spec.get("info"))).containsKeys("title", "version");
        assertThat(map(map(map(spec.get("components")).get("securitySchemes")).get("ApiKey")))
                .containsEntry("type", "apiKey").containsEntry("in", "header").containsEntry("name", "X-Api-Key");
        assertThat(spec.get("security")).isEqualTo(List.of(Map.of("ApiKey", List.of())));
    }

    @Test
    void everyRouteOfEveryRouteSetIsAnOperationWithItsMethodAndAnswers() {
        List<Route> declared = routeSets.stream().flatMap(set -> set.routes().stream()).toList();
        assertThat(router.routes()).extracting(route -> route.method() + " " + route.template())
                .containsExactlyInAnyOrderElementsOf(declared.stream().map(route -> route.method() + " " + route.template()).toList());
        assertThat(declared).hasSizeGreaterThanOrEqualTo(23);

        Map<String, Object> paths = map(spec.get("paths"));
        Set<String> operationIds = new HashSet<>();
        int operations = 0;
        for (Route route : router.routes()) {
            String where = route.method() + " " + route.template();
            assertThat(paths).as(where).containsKey(route.template());
            Map<String, Object> operation = map(map(paths.get(route.template())).get(route.method().toLowerCase(Locale.ROOT)));
            operations++;
            assertThat(operation.get("summary")).as(where).isEqualTo(route.summary());
            assertThat(operationIds.add((String) operation.get("operationId"))).as("unique operationId of " + where).isTrue();
            assertThat(operation.get("x-flowproof-function")).as(where).isEqualTo(route.function());
            Map<String, Object> responses = map(operation.get("responses"));
            assertThat(responses).as(where).isNotEmpty();
            responses.forEach((status, response) -> {
                assertThat(status).as(where).matches("[1-5]\\d\\d");
                assertThat(map(response)).as(where + " " + status).containsKey("description");
            });
            assertThat(responses.keySet()).as(where).anyMatch(status -> status.startsWith("2") || status.startsWith("3"));
            if (route.isPublic()) {
                assertThat(operation.get("security")).as("public: " + where).isEqualTo(List.of());
                assertThat(responses).as(where).doesNotContainKey("401");
            } else {
                assertThat(operation).as(where).doesNotContainKey("security");
                assertThat(responses).as(where).containsKeys("401", "403");
            }
            Matcher variables = Pattern.compile("\\{([^}]+)}").matcher(route.template());
            while (variables.find()) {
                String name = variables.group(1);
                assertThat((List<?>) operation.get("parameters")).as(where).anySatisfy(parameter ->
                        assertThat(map(parameter)).containsEntry("name", name).containsEntry("in", "path").containsEntry("required", true));
            }
        }
        int documented = paths.values().stream().mapToInt(item -> map(item).size()).sum();
        assertThat(documented).as("no operation without a route").isEqualTo(operations);
    }

    @Test
    void publicPathsAreMarkedPublic() {
        Map<String, Object> paths = map(spec.get("paths"));
        for (String path : List.of("/", "/health", "/openapi.json", "/docs")) {
            assertThat(map(map(paths.get(path)).get("get")).get("security")).as(path).isEqualTo(List.of());
        }
        assertThat(map(map(paths.get("/v1/events-batch")).get("post"))).doesNotContainKey("security").containsKey("requestBody");
    }

    @Test
    void everySchemaReferenceResolves() {
        Map<String, Object> schemas = map(map(spec.get("components")).get("schemas"));
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/components/schemas/");
            assertThat(schemas).containsKey(ref.substring("#/components/schemas/".length()));
        });
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add((String) value);
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectRefs(item, refs));
        }
    }

    @Test
    void docsServesSwaggerUiFromTheAppWithoutAKeyOrACdn() {
        String page = client.get().uri("/docs").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/html;charset=utf-8")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/openapi.json").doesNotContain("http://", "https://");

        byte[] bundle = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 << 20)).build()
                .get().uri("/docs/swagger-ui-bundle.js").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/javascript;charset=utf-8")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(bundle).hasSizeGreaterThan(100_000);
        client.get().uri("/docs/swagger-ui.css").exchange().expectStatus().isOk();
        client.get().uri("/docs/index.html").exchange().expectStatus().isNotFound();
    }
}
