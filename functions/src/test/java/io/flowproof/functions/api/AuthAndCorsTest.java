package io.flowproof.functions.api;

import io.flowproof.functions.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

class AuthAndCorsTest extends ApiTestSupport {

    @Test
    void servesRootAndHealthWithoutAKey() {
        client.get().uri("/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ok").jsonPath("$.version").exists();
        client.get().uri("/").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ok").jsonPath("$.health").isEqualTo("/health");
    }

    @Test
    void answersStatusWithTheSuccessShape() {
        api().get().uri("/v1/status").exchange().expectStatus().isEqualTo(200)
                .expectBody()
                .jsonPath("$.status").isEqualTo("success")
                .jsonPath("$.message").isEqualTo("ok")
                .jsonPath("$.code").isEqualTo(200)
                .jsonPath("$.data").isEmpty()
                .jsonPath("$.timestamp").value(ts -> org.assertj.core.api.Assertions.assertThat((String) ts)
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }

    @Test
    void rejectsAMissingKeyWith401() {
        client.get().uri("/v1/status").exchange().expectStatus().isUnauthorized()
                .expectBody().json("{\"detail\":\"X-Api-Key header is missing\"}");
    }

    @Test
    void rejectsAWrongKeyWith403() {
        client.get().uri("/v1/nodes").header("X-Api-Key", "nope").exchange().expectStatus().isForbidden()
                .expectBody().json("{\"detail\":\"Invalid API key\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-api-key", "X-API-Key", "X-API-KEY", "X-Api-Key"})
    void matchesTheHeaderNameCaseInsensitively(String header) {
        client.get().uri("/v1/status").header(header, KEY).exchange().expectStatus().isOk();
    }

    @Test
    void acceptsABearerPrefixInsideTheKeyHeaderButNotTheAuthorizationHeader() {
        client.get().uri("/v1/status").header("X-Api-Key", "Bearer " + KEY).exchange().expectStatus().isOk();
        client.get().uri("/v1/status").header("X-Api-Key", "Bearer Bearer " + KEY).exchange().expectStatus().isOk();
        client.get().uri("/v1/status").header("X-Api-Key", "bearer " + KEY).exchange().expectStatus().isForbidden();
        client.get().uri("/v1/status").header("Authorization", "Bearer " + KEY).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void checksTheKeyBeforeTheBody() {
        client.post().uri("/v1/events-batch").contentType(MediaType.APPLICATION_JSON).bodyValue("[{\"bad\":1}]")
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void protectsSpringCloudFunctionEndpointsAndUnknownPaths() {
        client.post().uri("/ingest").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized();
        client.post().uri("/evaluate").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized();
        api().get().uri("/v1/nope").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("Not Found");
        api().delete().uri("/v1/status").exchange().expectStatus().isEqualTo(405);
    }

    @Test
    void answersCorsPreflightsWithoutAKey() {
        client.method(HttpMethod.OPTIONS).uri("/v1/eval-outputs")
                .header("Origin", "http://localhost:3007")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "content-type,x-api-key")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "http://localhost:3007")
                .expectHeader().valueEquals("Access-Control-Allow-Headers", "content-type,x-api-key")
                .expectHeader().value("Access-Control-Allow-Methods", methods -> org.assertj.core.api.Assertions.assertThat(methods)
                        .contains("GET", "POST", "PUT", "DELETE"))
                .expectHeader().valueEquals("Access-Control-Max-Age", "600");
    }

    @Test
    void putsCorsHeadersOnErrorsSoBrowsersCanReadThem() {
        client.get().uri("/v1/status").header("Origin", "http://localhost:5173").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "http://localhost:5173")
                .expectHeader().valueEquals("Vary", "Origin");
    }
}
