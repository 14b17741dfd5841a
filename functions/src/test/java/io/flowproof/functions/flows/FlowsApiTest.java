package io.flowproof.functions.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.ApiTestSupport;
import io.flowproof.infra.json.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class FlowsApiTest extends ApiTestSupport {

    static final Path FLOWS = flowsDirectory();

    private static Path flowsDirectory() {
        try {
            Path dir = Files.createTempDirectory("flowproof-flows");
            Files.writeString(dir.resolve("boot.yaml"), """
                    flow: boot_flow
                    ensure: {timeout_ms: 45000}
                    schedule: {cron: "0 * * * *", timezone: Europe/Paris}
                    nodes:
                      - id: go
                        type: trigger
                        handler: http_request
                        handler_input:
                          params: {url: "http://localhost:1/x", run_id_extractor: {engine: cel, script: "string(output.id)"}}
                      - {id: done, type: act, dep_ids: [go]}
                    """);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void flows(DynamicPropertyRegistry registry) {
        registry.add("flowproof.flows-dir", FLOWS::toString);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> flow(String name) {
        List<Map<String, Object>> flows = (List<Map<String, Object>>) WireJson.read(api().get().uri("/v1/flows").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        return flows.stream().filter(f -> name.equals(f.get("flow"))).findFirst().orElse(null);
    }

    @Test
    void syncsTheFlowsDirectoryAtStartAndListsFlowsWithSettings() {
        assertThat(WireJson.write(flow("boot_flow"))).isEqualTo("""
                {"flow":"boot_flow","nodes":2,"trigger_nodes":1,"source_file":"boot.yaml",\
                "ensure":{"timeout_ms":45000,"poll_interval_ms":2000,"retries":{"max_attempts":3,"initial_ms":1000,"factor":2.0,"max_ms":30000}},\
                "schedule":{"cron":"0 * * * *","timezone":"Europe/Paris"}}""");
        api().get().uri("/v1/nodes").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == 'go')].handler_input.params.method").isEqualTo(List.of("GET"))
                .jsonPath("$[?(@.id == 'go')].source").isEqualTo(List.of("code"));
    }

    @Test
    void syncsOnDemandAndReportsProblems() throws IOException {
        Files.writeString(FLOWS.resolve("later.yml"), "flow: later_flow\nnodes:\n  - {id: a, type: act}\n  - {id: b, type: act, dep_ids: [a]}\n");
        Files.writeString(FLOWS.resolve("bad.yaml"), "flow: bad_flow\nnodes:\n  - id: x\n    type: nope\n");
        try {
            api().post().uri("/v1/flows/sync").exchange().expectStatus().isOk().expectBody().json("""
                    {"files":3,"flows":["boot_flow","later_flow"],"nodes":4,
                     "problems":[{"file":"bad.yaml","line":4,
                                  "reason":"node 'x': 'type' must be 'generic', 'trigger', 'act', 'assert' or 'hook', not 'nope'"}]}
                    """, true);
            assertThat(flow("later_flow")).containsEntry("nodes", 2L).containsEntry("schedule", null);
            assertThat(flow("bad_flow")).isNull();
        } finally {
            Files.delete(FLOWS.resolve("later.yml"));
            Files.delete(FLOWS.resolve("bad.yaml"));
        }
    }

    @Test
    void validatesAYamlBody() {
        api().post().uri("/v1/flows/validate?file=mine.yaml").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("flow: v\nnodes:\n  - id: a\n    type: act\n    dep_ids: [zz]\n").exchange()
                .expectStatus().isOk().expectBody().json("""
                        {"valid":false,"flow":null,"nodes":0,
                         "problems":[{"file":"mine.yaml","line":5,"reason":"node 'a' depends on unknown node 'zz'"}]}
                        """, true);
        api().post().uri("/v1/flows/validate").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("flow: v\nnodes: [{id: a, type: act}]\n").exchange()
                .expectStatus().isOk().expectBody().json("{\"valid\":true,\"flow\":\"v\",\"nodes\":1,\"problems\":[]}", true);
        client.post().uri("/v1/flows/sync").exchange().expectStatus().isUnauthorized();
    }
}
