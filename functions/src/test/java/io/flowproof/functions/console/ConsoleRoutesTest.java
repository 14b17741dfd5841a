package io.flowproof.functions.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The console is served by the API's router: public assets, `/` for browsers, nothing else changes. */
class ConsoleRoutesTest extends ApiTestSupport {

    @Test
    void sendsBrowsersAtTheRootToTheConsole() {
        client.get().uri("/").accept(MediaType.TEXT_HTML, MediaType.ALL).exchange()
                .expectStatus().isFound().expectHeader().valueEquals("Location", "/ui/");
        client.get().uri("/ui").exchange().expectStatus().isFound().expectHeader().valueEquals("Location", "/ui/");
    }

    @Test
    void keepsAnsweringJsonAtTheRootForApiClients() {
        client.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON).expectBody().jsonPath("$.status").isEqualTo("ok");
        client.get().uri("/").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk();
    }

    @Test
    void servesThePageAndItsModulesWithoutAKey() {
        String page = client.get().uri("/ui/").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/html;charset=utf-8")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("Flowproof console");
        client.get().uri("/ui/app.js").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/javascript;charset=utf-8")
                .expectHeader().valueEquals("Cache-Control", "no-cache")
                .expectHeader().exists("ETag");
        client.head().uri("/ui/style.css").exchange().expectStatus().isOk();
        client.get().uri("/ui/missing.js").exchange().expectStatus().isNotFound();
    }

    @Test
    void keepsTheApiBehindTheKey() {
        client.get().uri("/v1/nodes").exchange().expectStatus().isUnauthorized();
        client.get().uri("/ui/../v1/nodes").exchange().expectStatus().isUnauthorized();
        api().get().uri("/v1/nodes").exchange().expectStatus().isOk();
    }
}
