package io.flowproof.domain.ensure;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.DomainException;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TemplatesTest {

    private final Templates templates = new Templates(key -> Mono.justOrEmpty(Map.of("TOKEN", "t0k", "BASE", "https://api").get(key)),
            name -> Map.of("REGION", "eu").get(name));

    private static TriggerSpec http(Map<String, Object> params) {
        return new TriggerSpec("create_order", TriggerSpec.HTTP_REQUEST, params, java.time.Duration.ofSeconds(30), null);
    }

    @Test
    void substitutesSecretsEnvironmentAndEarlierOutputsAndRedactsTheStoredInput() {
        TriggerSpec spec = http(Map.of("url", "${secret.BASE}/${REGION}/orders", "method", "post",
                "headers", Map.of("Authorization", "Bearer ${secret.TOKEN}"),
                "body", "{\"user\":\"${steps.create_user.output.id}\",\"tags\":${steps.create_user.output.tags}}"));
        StepVerifier.create(templates.render(spec, Map.of("create_user", Map.of("id", "u7", "tags", List.of("a", 1L)))))
                .assertNext(rendered -> {
                    assertThat(rendered.input()).containsEntry("method", "POST").containsEntry("url", "https://api/eu/orders")
                            .containsEntry("headers", Map.of("Authorization", "Bearer t0k"))
                            .containsEntry("body", "{\"user\":\"u7\",\"tags\":[\"a\",1]}");
                    assertThat(rendered.redacted()).containsEntry("url", "${secret.BASE}/${REGION}/orders")
                            .containsEntry("headers", Map.of("Authorization", "Bearer ${secret.TOKEN}"))
                            .containsEntry("body", "{\"user\":\"u7\",\"tags\":[\"a\",1]}");
                })
                .verifyComplete();
    }

    @Test
    void failsWithTheContractMessagesWhenAValueIsMissing() {
        StepVerifier.create(templates.render(http(Map.of("url", "${secret.NOPE}")), Map.of()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TriggerFailure.class).hasMessageStartingWith("Secret 'NOPE' not found")
                        .satisfies(f -> assertThat(((TriggerFailure) f).retryable()).isFalse()))
                .verify();
        StepVerifier.create(templates.render(http(Map.of("url", "http://x/${HOME_DIR}")), Map.of()))
                .expectErrorMessage("Environment variable 'HOME_DIR' not set. Set it in the environment of the Flowproof server")
                .verify();
        StepVerifier.create(templates.render(http(Map.of("url", "http://x/${steps.create_user.output.id}")), Map.of()))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("step 'create_user' has no output"))
                .verify();
    }

    @Test
    void plansSeveralTriggersInDependencyOrderAndChecksThem() {
        NodeDefinition order = trigger("create_order", List.of("create_user"), Map.of("url", "http://x", "run_id_extractor",
                Map.of("engine", "python", "script", "output['id']")));
        NodeDefinition user = trigger("create_user", List.of(), Map.of("url", "http://x"));
        assertThat(TriggerPlan.of("shop", List.of(order, user))).extracting(TriggerSpec::nodeId).containsExactly("create_user", "create_order");
        assertThat(TriggerPlan.of("shop", List.of(order, user)).get(0).timeout()).hasMillis(30_000);
        assertThat(TriggerPlan.of("shop", List.of(order, user)).get(0).method()).isEqualTo("GET");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TriggerPlan.of("shop", List.of(user)))
                .isInstanceOf(DomainException.Invalid.class).hasMessage("Trigger node 'create_user' has no params.run_id_extractor");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TriggerPlan.of("shop", List.of(trigger("a", List.of("b"), Map.of()),
                        trigger("b", List.of("a"), Map.of()))))
                .isInstanceOf(DomainException.Invalid.class).hasMessage("The trigger nodes of flow 'shop' depend on each other in a cycle");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TriggerPlan.of("shop", List.of(NodeDefinition.of("shop", "a", NodeType.ACT, List.of()))))
                .isInstanceOf(DomainException.Invalid.class).hasMessage("Flow 'shop' has no trigger nodes");
    }

    private static NodeDefinition trigger(String id, List<String> deps, Map<String, Object> params) {
        return new NodeDefinition("shop", id, NodeType.TRIGGER, NodeSource.CODE, null, deps, null, null, List.of(), "http_request",
                Map.of("params", params), null, Instant.EPOCH, null, null);
    }
}
