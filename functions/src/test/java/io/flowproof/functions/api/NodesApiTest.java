package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class NodesApiTest extends ApiTestSupport {

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec send(String method, String uri, String body) {
        var spec = api().method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri);
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> nodes() {
        return (List<Map<String, Object>>) WireJson.read(api().get().uri("/v1/nodes").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void createsAManualNodeKeepingItsValidator() {
        send("POST", "/v1/nodes", """
                {"flow":"m","id":"gate","type":"hook","description":"d","validator":{"engine":"cel","script":"data.ok"},
                 "handler":"http_request","handler_input":{"params":{"url":"http://x"}}}
                """).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.source").isEqualTo("manual")
                .jsonPath("$.status").isEqualTo("active")
                .jsonPath("$.dep_ids").isEmpty()
                .jsonPath("$.conditions").isEmpty()
                .jsonPath("$.validator.script").isEqualTo("data.ok")
                .jsonPath("$.handler_input.params.url").isEqualTo("http://x")
                .jsonPath("$.handler_input.params.method").hasJsonPath()
                .jsonPath("$.handler_input.params.method").isEmpty()
                .jsonPath("$.deleted_at").isEmpty();

        send("POST", "/v1/nodes", "{\"flow\":\"m\",\"id\":\"gate\",\"type\":\"hook\"}").expectStatus().isBadRequest()
                .expectBody().json("{\"detail\":\"Node with the same name and id already exists\"}");
        send("POST", "/v1/nodes", "{\"flow\":\"m\",\"id\":\"x\",\"type\":\"act\"}").expectStatus().isEqualTo(422);
        send("POST", "/v1/nodes", "{\"flow\":\"m\",\"id\":\"y\",\"type\":\"hook\",\"validator\":{\"engine\":\"cel\",\"script\":\"data.(\"}}")
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail[0].loc").isEqualTo(List.of("body", "validator", "script"));
    }

    @Test
    void updatesAndDeletesManualNodesButNotCodeNodes() {
        send("POST", "/v1/nodes", "{\"flow\":\"u\",\"id\":\"man\",\"type\":\"generic\",\"description\":\"old\"}").expectStatus().isOk();
        send("POST", "/v1/events-batch", "[{\"flow\":\"u\",\"id\":\"sdk\",\"run_id\":\"r\",\"type\":\"act\",\"data\":{},\"ts\":1}]")
                .expectStatus().isOk();

        send("PUT", "/v1/nodes/man", "{\"description\":\"new\",\"conditions\":null}").expectStatus().isOk()
                .expectBody().jsonPath("$.description").isEqualTo("new").jsonPath("$.conditions").isEmpty()
                .jsonPath("$.type").isEqualTo("generic").jsonPath("$.updated_at").isNotEmpty();
        send("PUT", "/v1/nodes/sdk", "{\"description\":\"x\"}").expectStatus().isBadRequest()
                .expectBody().json("{\"detail\":\"Cannot update code-defined def\"}");
        send("DELETE", "/v1/nodes/sdk", null).expectStatus().isBadRequest()
                .expectBody().json("{\"detail\":\"Cannot delete code-defined def\"}");
        send("PUT", "/v1/nodes/ghost", "{}").expectStatus().isNotFound().expectBody().json("{\"detail\":\"Node not found\"}");
        send("DELETE", "/v1/nodes/ghost", null).expectStatus().isNotFound();

        send("DELETE", "/v1/nodes/man", null).expectStatus().isOk().expectBody().jsonPath("$.message").isEqualTo("Node deleted");
        send("DELETE", "/v1/nodes/man", null).expectStatus().isOk();
        assertThat(nodes()).noneMatch(n -> "man".equals(n.get("id")));
        send("PUT", "/v1/nodes/man", "{\"description\":\"back\"}").expectStatus().isOk();
        assertThat(nodes()).anyMatch(n -> "man".equals(n.get("id")) && "back".equals(n.get("description")));
    }

    @Test
    void asksWhichFlowWhenAnIdExistsInSeveral() {
        send("POST", "/v1/nodes", "{\"flow\":\"f1\",\"id\":\"shared\",\"type\":\"generic\"}").expectStatus().isOk();
        send("POST", "/v1/nodes", "{\"flow\":\"f2\",\"id\":\"shared\",\"type\":\"generic\"}").expectStatus().isOk();

        send("PUT", "/v1/nodes/shared", "{\"description\":\"?\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("f1").contains("f2"));
        send("PUT", "/v1/nodes/shared?flow=f2", "{\"description\":\"two\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.flow").isEqualTo("f2").jsonPath("$.description").isEqualTo("two");
        send("DELETE", "/v1/nodes/shared?flow=f1", null).expectStatus().isOk();
    }

    @Test
    void neverLetsEventsOverwriteAManualNode() {
        send("POST", "/v1/nodes", "{\"flow\":\"keep\",\"id\":\"n\",\"type\":\"hook\",\"description\":\"mine\"}").expectStatus().isOk();
        send("POST", "/v1/events-batch", """
                [{"flow":"keep","id":"n","run_id":"r","type":"act","data":{},"ts":1,"description":"sdk"}]
                """).expectStatus().isOk();

        Map<String, Object> node = nodes().stream().filter(n -> "keep".equals(n.get("flow"))).findFirst().orElseThrow();
        assertThat(node.get("description")).isEqualTo("mine");
        assertThat(node.get("source")).isEqualTo("manual");
    }

    @Test
    void appliesAScannerUpload() {
        send("POST", "/v1/nodes/scan", resource("sdk-payloads/scanner-nodes-scan.json")).expectStatus().isOk()
                .expectBody().json("{\"created\":2,\"updated\":0,\"deleted\":0,\"flows\":[\"checkout_scan\"]}".replace("checkout_scan", "checkout"));

        send("POST", "/v1/nodes/scan", """
                {"scanned_at":"2026-03-26T00:00:00Z","files_scanned":1,
                 "flows":{"checkout":[{"id":"cart_created","flow":"checkout","type":"act"}]}}
                """).expectStatus().isOk()
                .expectBody().json("{\"created\":0,\"updated\":1,\"deleted\":1,\"flows\":[\"checkout\"]}");
        assertThat(nodes()).noneMatch(n -> "payment_processed".equals(n.get("id")) && "scan".equals(n.get("source")));

        send("POST", "/v1/nodes/scan", "{\"flows\":{}}").expectStatus().isEqualTo(422);
    }
}
