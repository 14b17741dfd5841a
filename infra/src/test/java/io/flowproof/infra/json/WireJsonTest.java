package io.flowproof.infra.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.NodeExecInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    private static EvalResult result(String node, EvalStatus status) {
        return new EvalResult(status, 42, Map.of(node, List.of()),
                List.of(new NodeExecInfo(node, List.of(), status, "msg \"quoted\"", null, 7, List.of("e1"), List.of(), null)),
                List.of("e1"));
    }

    @Test
    void evalResultJsonIsExactlyTheMapsJson() {
        EvalResult result = result("a", EvalStatus.PASSED);
        assertThat(WireJson.evalResultJson(result)).isEqualTo(WireJson.write(WireJson.evalResult(result)));
        assertThat(WireJson.readObject(WireJson.evalResultJson(result))).containsEntry("status", "passed");
    }

    @Test
    void evalResultJsonMatchesTheMapsJsonForEveryKindOfValue() {
        Map<String, List<String>> graph = new java.util.LinkedHashMap<>();
        graph.put("a", List.of());
        graph.put("b \u00e9\"\n", List.of("a"));
        graph.put("c", List.of("a", "b \u00e9\"\n"));
        EvalResult result = new EvalResult(EvalStatus.FAILED, Long.MAX_VALUE, graph, List.of(
                new NodeExecInfo("a", List.of(), EvalStatus.PASSED, null, null, 0, List.of(), List.of(), null),
                new NodeExecInfo("b \u00e9\"\n", List.of("a"), EvalStatus.FAILED, "Validator failed", "boom \t\u0001 \ud83d\ude00", -1,
                        List.of("e1", "e2"), List.of("e0"), "detail text"),
                new NodeExecInfo("c", List.of("a", "b \u00e9\"\n"), EvalStatus.PENDING, "waiting", null, 12, List.of(), List.of("e1"), null)),
                List.of("e0", "e1", "e2"));
        assertThat(WireJson.evalResultJson(result)).isEqualTo(WireJson.write(WireJson.evalResult(result)));
        assertThat(WireJson.evalResult(WireJson.readObject(WireJson.evalResultJson(result)))).isEqualTo(result);
    }

    @Test
    void evalResultJsonReusesTheTextOfTheSameResultObjectOnly() {
        EvalResult result = result("b", EvalStatus.FAILED);
        String first = WireJson.evalResultJson(result);
        assertThat(WireJson.evalResultJson(result)).isSameAs(first);
        // an equal but distinct result is written anew, and a different one gets its own text
        EvalResult equal = result("b", EvalStatus.FAILED);
        assertThat(WireJson.evalResultJson(equal)).isEqualTo(first).isNotSameAs(first);
        assertThat(WireJson.evalResultJson(result("c", EvalStatus.PASSED))).contains("\"c\"").doesNotContain("\"b\"");
    }

    @Test
    void evalResultJsonForgetsOldResultsSoMemoryStaysBounded() {
        EvalResult old = result("old", EvalStatus.PASSED);
        String first = WireJson.evalResultJson(old);
        for (int i = 0; i < 20; i++) {
            WireJson.evalResultJson(result("n" + i, EvalStatus.PASSED));
        }
        assertThat(WireJson.evalResultJson(old)).isEqualTo(first).isNotSameAs(first);
    }
}
