package io.flowproof.functions.console;

import io.flowproof.functions.api.ApiRequest;
import io.flowproof.functions.api.ApiResponse;
import io.flowproof.functions.api.Route;
import io.flowproof.functions.api.RouteDoc;
import io.flowproof.functions.api.RouteSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * The web console's static files ({@code classpath:console/*}: plain ES modules, CSS, one HTML page), served
 * publicly under {@code /ui/}. The page holds no secret: its scripts ask for the API key once, keep it in the
 * browser's {@code localStorage} and send it to the {@code /v1} API themselves.
 *
 * <p>Every file is read once at start-up (no blocking I/O on a request thread) and answered with its content
 * type, a strong {@code ETag} and {@code Cache-Control: no-cache}: the modules import each other by plain names,
 * so browsers must revalidate (a cheap 304) rather than keep a stale module after an upgrade. The directory is
 * flat, so one route template ({@code /ui/{file}}) serves it; unknown names answer 404 without a key.
 */
public final class ConsoleAssets implements RouteSet {

    static final String PREFIX = "/ui/";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Reads the files named in {@code console/assets.txt} (one per line) from the class path. */
    public static ConsoleAssets fromClasspath(ClassLoader loader) {
        Map<String, Asset> assets = new TreeMap<>();
        for (String name : manifest(loader)) {
            if (!FILE_NAME.matcher(name).matches() || name.contains("..")) {
                throw new IllegalStateException("console/assets.txt: bad file name " + name);
            }
            assets.put(name, Asset.of(name, readBytes(loader, "console/" + name)));
        }
        return new ConsoleAssets(assets);
    }

    /** The file names in {@code console/assets.txt}: one per line, blank lines and {@code #} comments skipped. */
    private static List<String> manifest(ClassLoader loader) {
        return read(loader, "console/assets.txt").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/ui", Route.ANY_FUNCTION, true, "Web console (redirects to /ui/)", (r, v) -> Mono.just(redirect(PREFIX)))
                        .with(RouteDoc.of(null).tag("console").returns(302, "Redirect to `/ui/`", null)),
                new Route("GET", PREFIX, Route.ANY_FUNCTION, true, "Web console page", (r, v) -> Mono.just(serve(r, "index.html")))
                        .with(RouteDoc.of("The console's page; it asks for the API key once and keeps it in the browser.")
                                .tag("console").returns(200, "The page", "Html").returns(304, "Not modified (ETag)", null)),
                new Route("GET", PREFIX + "{file}", Route.ANY_FUNCTION, true, "Web console static files (ES modules, CSS)",
                        (r, v) -> Mono.just(serve(r, v.get("file"))))
                        .with(RouteDoc.of(null).tag("console").returns(200, "The file", "Asset")
                                .returns(304, "Not modified (ETag)", null).returns(404, "No such file", "Detail")));
    }

    /** {@code 302} to {@code location}. */
    private static ApiResponse redirect(String location) {
        return ApiResponse.text(302, "Found: " + location).withHeader("Location", location).withHeader("Cache-Control", "no-store");
    }

    ApiResponse serve(ApiRequest request, String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            return ApiResponse.detail(404, "Not Found");
        }
        String etag = asset.etag();
        String ifNoneMatch = request.header("If-None-Match");
        ApiResponse response = ifNoneMatch != null && ifNoneMatch.contains(etag)
                ? new ApiResponse(304, new LinkedHashMap<>(), new byte[0])
                : new ApiResponse(200, new LinkedHashMap<>(Map.of("Content-Type", asset.contentType())), asset.bytes());
        response = response.withHeader("ETag", etag)
                .withHeader("Cache-Control", "no-cache")
                .withHeader("X-Content-Type-Options", "nosniff");
        return name.endsWith(".html") ? response.withHeader("Content-Security-Policy", CSP).withHeader("Referrer-Policy", "no-referrer") : response;
    }

    Map<String, Asset> assets() {
        return assets;
    }

    record Asset(String contentType, byte[] bytes, String etag) {

        static Asset of(String name, byte[] bytes) {
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            String type = TYPES.getOrDefault(extension, "application/octet-stream");
            return new Asset(type, bytes, "\"" + sha256(bytes).substring(0, 20) + "\"");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(ClassLoader loader, String path) {
        return new String(readBytes(loader, path), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing class-path resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
