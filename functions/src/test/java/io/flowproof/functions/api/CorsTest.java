package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** CORS decisions: any origin without credentials by default (what the Business-Use UI needs), an allow-list when set. */
class CorsTest {

    private static final Cors LISTED = new Cors(List.of("http://localhost:3007", " https://*.business-use.com ", "http://localhost:5173"));

    private static ApiRequest preflight(String origin) {
        return new ApiRequest("OPTIONS", "/v1/events-batch", Map.of(), Map.of("Origin", origin, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type,x-api-key"), null);
    }

    @Test
    void byDefaultAnswersEveryOriginsPreflightWithoutCredentials() {
        ApiResponse response = new Cors(List.of("*")).preflight(preflight("https://anything.example"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", "https://anything.example")
                .containsEntry("Access-Control-Allow-Headers", "content-type,x-api-key").doesNotContainKey("Access-Control-Allow-Credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3007", "http://localhost:5173", "https://app.business-use.com", "https://a.b.business-use.com",
            "HTTPS://App.Business-Use.com"})
    void anAllowListLetsListedOriginsIn(String origin) {
        assertThat(LISTED.preflight(preflight(origin)).headers()).containsEntry("Access-Control-Allow-Origin", origin);
        ApiResponse decorated = LISTED.decorate(new ApiRequest("GET", "/v1/status", Map.of(), Map.of("Origin", origin), null),
                ApiResponse.detail(401, "X-Api-Key header is missing"));
        assertThat(decorated.headers()).containsEntry("Access-Control-Allow-Origin", origin).containsEntry("Vary", "Origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://localhost:3008", "https://localhost:3007", "http://app.business-use.com",
            "https://business-use.com", "https://evilbusiness-use.com", "https://app.business-use.com.evil.example",
            "https://app.business-use.com:8443", "null", ""})
    void anAllowListRefusesEveryOtherOriginsPreflightAndAddsNoCorsHeaders(String origin) {
        ApiResponse refused = LISTED.preflight(preflight(origin));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers()).doesNotContainKey("Access-Control-Allow-Origin").doesNotContainKey("Access-Control-Allow-Methods");
        ApiResponse actual = LISTED.decorate(new ApiRequest("GET", "/v1/status", Map.of(), Map.of("Origin", origin), null),
                ApiResponse.json(200, Map.of("status", "success")));
        assertThat(actual.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    }
}
