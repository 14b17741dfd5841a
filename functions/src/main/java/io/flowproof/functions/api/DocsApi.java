package io.flowproof.functions.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The API's own documentation, public like {@code /health}: {@code GET /openapi.json} (generated from the router's
 * routes by {@link OpenApiDocument}) and Swagger UI at {@code GET /docs}, whose scripts and styles come from the
 * {@code org.webjars:swagger-ui} jar on the classpath, so the page works offline (no CDN).
 */
public final class DocsApi implements RouteSet {

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** The Swagger UI files the page uses; nothing else of the jar is served. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8");

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Flowproof API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
            </head>
            <body>
            <div id="swagger-ui"></div>
            <script src="/docs/swagger-ui-bundle.js"></script>
            <script>
              window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                persistAuthorization: true, tryItOutEnabled: false});
            </script>
            </body>
            </html>
            """;

    private final Supplier<List<Route>> routes;
    private final String version;
    private volatile byte[] document;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    /** @param routes every route of the router (read at the first request, when the router exists) */
    public DocsApi(Supplier<List<Route>> routes, String version) {
        this.routes = routes;
        this.version = version;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/openapi.json", Route.ANY_FUNCTION, true, "This API as an OpenAPI 3.1 document", (r, v) -> openApi())
                        .with(RouteDoc.of("Generated from the router's own route list: every endpoint is here.").tag("docs")
                                .returns(200, "The document", "OpenApi")),
                new Route("GET", "/docs", Route.ANY_FUNCTION, true, "Swagger UI for this API", (r, v) -> page())
                        .with(RouteDoc.of("Works offline: its files are served by the app (`/docs/{asset}`).").tag("docs")
                                .returns(200, "The page", "Html")),
                new Route("GET", "/docs/{asset}", Route.ANY_FUNCTION, true, "Swagger UI's scripts and styles", (r, v) -> asset(v.get("asset")))
                        .with(RouteDoc.of("One of " + String.join(", ", ASSETS.keySet().stream().sorted().toList()) + ".").tag("docs")
                                .returns(200, "The file", "Asset").returns(404, "Not one of the files", "Detail")));
    }

    private Mono<ApiResponse> openApi() {
        byte[] json = document;
        if (json == null) {
            json = OpenApiDocument.json(routes.get(), version);
            document = json;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return Mono.just(new ApiResponse(200, headers, json));
    }

    private static Mono<ApiResponse> page() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        return Mono.just(new ApiResponse(200, headers, PAGE.getBytes(StandardCharsets.UTF_8)));
    }

    private Mono<ApiResponse> asset(String name) {
        String type = ASSETS.get(name);
        if (type == null) {
            return Mono.just(ApiResponse.detail(404, "Not Found"));
        }
        byte[] cached = loaded.get(name);
        Mono<byte[]> bytes = cached != null ? Mono.just(cached)
                // reading the jar is blocking I/O: off the event loop, once per file
                : Mono.fromCallable(() -> loaded.computeIfAbsent(name, DocsApi::read)).subscribeOn(Schedulers.boundedElastic());
        return bytes.map(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", type);
            headers.put("Cache-Control", "public, max-age=3600");
            return new ApiResponse(200, headers, body);
        });
    }

    private static byte[] read(String name) {
        ClassLoader loader = DocsApi.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (pom == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(pom);
            try (InputStream file = loader.getResourceAsStream(WEBJAR + properties.getProperty("version") + "/" + name)) {
                if (file == null) {
                    throw new IllegalStateException("Swagger UI file missing from its jar: " + name);
                }
                return file.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
