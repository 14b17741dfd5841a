package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** Bad input is logged once per kind, counted and dropped; it never throws and never poisons the batch. */
class NeverThrowsTest {

    private StubBackend backend;
    private FlowproofClient client;
    private LogCapture logs;

    @BeforeEach
    void start() {
        backend = new StubBackend();
        logs = new LogCapture();
        client = FlowproofClient.start(WireFormatTest.settings(backend).build());
    }

    @AfterEach
    void stop() {
        client.shutdown(Duration.ofSeconds(1));
        logs.close();
        backend.close();
    }

    @Test
    void dropsInvalidCallsOnTheCallingThreadWithoutThrowing() {
        Map<String, Object> selfReferencing = new HashMap<>();
        selfReferencing.put("me", selfReferencing);
        List<Runnable> badCalls = List.of(
                () -> client.ensure(null),
                () -> client.ensure(Ensure.builder()),
                () -> client.ensure(Ensure.node(null).flow("f").runId("r").data(Map.of())),
                () -> client.ensure(Ensure.node(" ").flow("f").runId("r").data(Map.of())),
                () -> client.ensure(Ensure.node("n").flow(null).runId("r").data(Map.of())),
                () -> client.ensure(Ensure.node("n").flow("f").runId((String) null).data(Map.of())),
                () -> client.ensure(Ensure.node("n").flow("f").runId(() -> { throw new IllegalStateException("no trace"); }).data(Map.of())),
                () -> client.ensure(Ensure.node("n").flow("f").runId(() -> null).data(Map.of())),
                () -> client.ensure(Ensure.node("n").flow("f").runId((java.util.function.Supplier<String>) null).data(Map.of())),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(null)),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(List.of(1, 2))),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data("text")),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(new int[] {1})),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).depIds("a", null)),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).depIds(Arrays.asList("a", " "))),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).depIds((String[]) null)),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).validator(Expr.cel(null))),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).filter(new Expr(null, "x"))),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).conditions(Condition.timeoutMs(0))),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).conditions((Condition) null)),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).timeout(null)),
                () -> client.ensure(Ensure.node("n").flow("f").runId("r").data(Map.of()).timeout(Duration.ofSeconds(-1))),
                () -> client.act("n", "f", "r", null),
                () -> client.act(Ensure.node("n").flow("f").runId("r").data(Map.of()).validator(Expr.cel("true"))),
                () -> client.assertThat("n", "f", "r", Map.of(), null),
                () -> client.assertThat(Ensure.node("n").flow("f").runId("r").data(Map.of())),
                () -> client.assertThat(null, null, (String) null, null, null));
        for (Runnable call : badCalls) {
            assertThatCode(call::run).doesNotThrowAnyException();
        }
        client.act("good", "f", "r", Map.of("ok", true));
        assertThat(client.flush(Duration.ofSeconds(5))).isTrue();

        FlowproofStats stats = client.stats();
        // (depIds((String[]) null) is "no dep ids", a valid call)
        assertThat(stats.droppedInvalid()).isEqualTo(badCalls.size() - 1);
        assertThat(stats.accepted()).isEqualTo(2);
        assertThat(backend.batches()).hasSize(1);
        assertThat(backend.batches().get(0).body()).contains("\"id\":\"good\"").contains("\"id\":\"n\"");
    }

    @Test
    void dropsUnserialisableDataOnTheSenderAndKeepsTheRestOfTheBatch() {
        Map<String, Object> selfReferencing = new HashMap<>();
        selfReferencing.put("me", selfReferencing);
        assertThatCode(() -> {
            client.act("cyclic", "f", "r", selfReferencing);
            client.act("throwing", "f", "r", new ExplodingBean());
            client.act("scalar", "f", "r", new Scalar("x"));
            client.act("empty-bean", "f", "r", new Object());
            client.act("good", "f", "r", Map.of("ok", true));
        }).doesNotThrowAnyException();
        assertThat(client.flush(Duration.ofSeconds(5))).isTrue();

        String body = backend.batches().get(0).body();
        assertThat(body).startsWith("[").endsWith("]").contains("\"id\":\"good\"")
                .doesNotContain("cyclic").doesNotContain("throwing").doesNotContain("scalar");
        assertThat(JsonMapper.builder().build().readTree(body).isArray()).isTrue();
        assertThat(client.stats().droppedInvalid()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void logsEachKindOfProblemOnce() {
        for (int i = 0; i < 1000; i++) {
            client.act(null, "f", "r", Map.of());
            client.act("n", null, "r", Map.of());
        }
        assertThat(logs.warnings()).hasSize(2);
        assertThat(client.stats().droppedInvalid()).isEqualTo(2000);
    }

    @Test
    void takesItsOwnCopyOfTheBuilderLists() {
        List<String> deps = new ArrayList<>(List.of("a"));
        Ensure builder = Ensure.node("n").flow("f").runId("r").data(Map.of()).depIds(deps);
        client.ensure(builder);
        deps.add("b");
        builder.id("other").runId("r2");
        client.flush(Duration.ofSeconds(5));

        assertThat(backend.batches().get(0).body()).contains("\"dep_ids\":[\"a\"]").contains("\"id\":\"n\"")
                .contains("\"run_id\":\"r\"");
    }

    @Test
    void ignoresCallsAfterShutdown() {
        client.shutdown(Duration.ofSeconds(1));
        assertThatCode(() -> client.act("n", "f", "r", Map.of())).doesNotThrowAnyException();
        assertThat(client.stats().ignored()).isEqualTo(1);
        assertThat(client.flush(Duration.ofMillis(10))).isTrue();
    }

    /** A bean whose getter throws while Jackson serialises it. */
    static final class ExplodingBean {
        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }

    /** Serialises to a JSON string, not an object. */
    record Scalar(@com.fasterxml.jackson.annotation.JsonValue String value) {
    }
}
