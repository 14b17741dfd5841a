package io.flowproof.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Flowproof HTTP API as the CLI uses it: JSON in and out, {@code X-Api-Key} on every call, and every failure
 * turned once into a {@link CliFailure} with a message a user can act on (server down, key rejected, not found,
 * the server's own {@code detail}).
 */
final class ApiClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Connection connection;
    private final HttpClient http;

    ApiClient(Connection connection) {
        this.connection = connection;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    Connection connection() {
        return connection;
    }

    JsonNode get(String path, Map<String, String> query) {
        return send("GET", path + queryString(query), null, "application/json");
    }

    JsonNode get(String path) {
        return get(path, Map.of());
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body == null ? "" : Json.write(body), "application/json");
    }

    JsonNode postText(String path, Map<String, String> query, String text) {
        return send("POST", path + queryString(query), text, "application/yaml");
    }

    private JsonNode send(String method, String pathAndQuery, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(connection.url() + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (connection.apiKey() != null) {
            request.header("X-Api-Key", connection.apiKey());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw unreachable();
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
                throw unreachable();
            }
            throw new CliFailure("Request to " + connection.url() + pathAndQuery + " failed: " + e, 0, false);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("Invalid Flowproof URL '" + connection.url() + "': " + e.getMessage(), 0, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("Interrupted", 0, true);
        }
        return answer(method, pathAndQuery, response);
    }

    private JsonNode answer(String method, String pathAndQuery, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new CliFailure(method + " " + pathAndQuery + " answered " + status + " with a body that is not JSON: "
                        + abbreviate(response.body()), status, false);
            }
            return json;
        }
        String detail = detail(json, response.body());
        if (status == 401 || status == 403) {
            throw new CliFailure("Flowproof at " + connection.url() + " rejected the API key (" + status + " " + detail
                    + "); the key came from " + connection.keySource()
                    + ". Pass --api-key, or set FLOWPROOF_API_KEY (the local app's key is in ~/.flowproof/api-key)", status, true);
        }
        throw new CliFailure(detail + " (" + status + " from " + method + " " + pathAndQuery + ")", status, false);
    }

    private CliFailure unreachable() {
        return new CliFailure("Cannot reach Flowproof at " + connection.url() + ": start it with ./mvnw spring-boot:run"
                + " (or set --url / FLOWPROOF_URL)", 0, true);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The server's {@code detail}: a string, or a list of validation errors ({@code loc} + {@code msg}). */
    static String detail(JsonNode json, String raw) {
        if (json == null || !json.has("detail")) {
            return raw == null || raw.isBlank() ? "no details" : abbreviate(raw.strip());
        }
        JsonNode detail = json.get("detail");
        if (detail.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode item : detail) {
                if (!text.isEmpty()) {
                    text.append("; ");
                }
                StringBuilder loc = new StringBuilder();
                for (JsonNode part : item.path("loc")) {
                    loc.append(loc.isEmpty() ? "" : ".").append(part.asString());
                }
                text.append(loc).append(loc.isEmpty() ? "" : ": ").append(item.path("msg").asString());
            }
            return text.toString();
        }
        return detail.asString();
    }

    private static String queryString(Map<String, String> query) {
        StringBuilder text = new StringBuilder();
        new LinkedHashMap<>(query).forEach((name, value) -> {
            if (value != null) {
                text.append(text.isEmpty() ? "?" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return text.toString();
    }

    static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
