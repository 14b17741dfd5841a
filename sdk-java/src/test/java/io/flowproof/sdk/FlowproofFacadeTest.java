package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlowproofFacadeTest {

    @AfterEach
    void reset() {
        Flowproof.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void ignoresCallsBeforeInitialize() {
        Flowproof.shutdown(Duration.ofSeconds(1));
        assertThatCode(() -> {
            Flowproof.act("n", "f", "r", Map.of());
            Flowproof.assertThat("n", "f", "r", Map.of(), Expr.cel("true"));
            Flowproof.ensure(Ensure.node("n"));
        }).doesNotThrowAnyException();
        assertThat(Flowproof.flush(Duration.ofMillis(10))).isTrue();
    }

    @Test
    void keepsTheFirstClientWhenInitialisedTwiceAndAllowsANewOneAfterShutdown() {
        try (StubBackend backend = new StubBackend()) {
            FlowproofClient first = Flowproof.initialize(WireFormatTest.settings(backend).build());
            FlowproofClient second = Flowproof.initialize(WireFormatTest.settings(backend).build());
            assertThat(second).isSameAs(first);
            assertThat(Flowproof.client()).containsSame(first);

            Flowproof.act("n", "f", "r", Map.of("a", 1));
            Flowproof.assertThat(Ensure.node("m").flow("f").runId("r").data(Map.of()).validator(Expr.cel("true")));
            assertThat(Flowproof.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(first.stats().sent()).isEqualTo(2);

            assertThat(Flowproof.shutdown(Duration.ofSeconds(1))).isTrue();
            FlowproofClient third = Flowproof.initialize(WireFormatTest.settings(backend).build());
            assertThat(third).isNotSameAs(first);
            assertThat(third.isActive()).isTrue();
        }
    }

    @Test
    void aDisabledClientDoesNothing() {
        FlowproofClient client = FlowproofClient.disabled();
        client.act("n", "f", "r", Map.of());
        assertThat(client.isActive()).isFalse();
        assertThat(client.stats().ignored()).isEqualTo(1);
        assertThat(client.shutdown(Duration.ZERO)).isTrue();
    }
}
