package io.flowproof.infra.ensure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowproof.domain.ensure.TriggerFailure;
import io.flowproof.domain.port.TriggerExecutor.TriggerRequest;
import io.flowproof.infra.schedule.SpringCronCalculator;
import io.flowproof.infra.trigger.OutboundPolicy;
import io.flowproof.infra.trigger.ProcessCommandTrigger;
import io.flowproof.infra.trigger.WebClientHttpTrigger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class TriggerAdaptersTest {

    private static TriggerRequest command(String command, long timeoutMs) {
        return new TriggerRequest("e1:kick", Map.of("command", command), Duration.ofMillis(timeoutMs));
    }

    @Test
    void runsCommandsWithTheIdempotencyKeyAndReportsTheirOutput() {
        StepVerifier.create(new ProcessCommandTrigger(true).fire(command("echo \"$FLOWPROOF_IDEMPOTENCY_KEY\"; echo oops >&2", 5_000)))
                .assertNext(output -> assertThat(output).isEqualTo(Map.of("stdout", "e1:kick\n", "stderr", "oops\n", "returncode", 0L)))
                .verifyComplete();
        StepVerifier.create(new ProcessCommandTrigger(true).fire(command("echo no >&2; exit 3", 5_000)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TriggerFailure.class).hasMessage("Command exited with code 3: no"))
                .verify();
    }

    @Test
    void killsACommandAtItsTimeout() {
        long started = System.nanoTime();
        StepVerifier.create(new ProcessCommandTrigger(true).fire(command("sleep 30", 300)))
                .expectErrorSatisfies(e -> assertThat(e).hasMessage("Command timed out after 300ms"))
                .verify(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesCommandsUnlessEnabled() {
        StepVerifier.create(new ProcessCommandTrigger(false).fire(command("true", 1_000)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).hasMessageContaining("FLOWPROOF_COMMAND_TRIGGERS=true");
                    assertThat(((TriggerFailure) e).retryable()).isFalse();
                })
                .verify();
    }

    @Test
    void refusesMetadataEndpointsButAllowsLoopbackAndHonoursTheAllowList() {
        OutboundPolicy open = new OutboundPolicy(List.of());
        open.check(URI.create("http://127.0.0.1:8080/x"));
        open.check(URI.create("http://localhost/x"));
        assertThatThrownBy(() -> open.check(URI.create("http://169.254.169.254/latest/meta-data"))).isInstanceOf(TriggerFailure.class)
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> open.check(URI.create("http://metadata.google.internal/"))).hasMessageContaining("metadata");

        OutboundPolicy listed = new OutboundPolicy(List.of("*.example.com", "169.254.169.254"));
        listed.check(URI.create("https://api.example.com/x"));
        listed.check(URI.create("http://169.254.169.254/"));
        assertThatThrownBy(() -> listed.check(URI.create("http://127.0.0.1/"))).hasMessageContaining("FLOWPROOF_OUTBOUND_ALLOWED_HOSTS");
    }

    @Test
    void httpTriggerReturnsTextOutputsAndClassifiesFailures() {
        try (TriggerTarget target = new TriggerTarget()) {
            target.respond((path, key, n, body) -> switch (path) {
                case "/text" -> new TriggerTarget.Reply(200, "plain ok", 0);
                case "/missing" -> new TriggerTarget.Reply(404, "{\"detail\":\"no\"}", 0);
                default -> new TriggerTarget.Reply(200, "{}", 2_000);
            });
            WebClientHttpTrigger http = new WebClientHttpTrigger(new OutboundPolicy(List.of()));
            StepVerifier.create(http.fire(new TriggerRequest("e:k", Map.of("method", "GET", "url", target.url("/text"), "headers", Map.of()),
                            Duration.ofSeconds(5))))
                    .assertNext(output -> assertThat(output).isEqualTo(Map.of("text", "plain ok", "status_code", 200L)))
                    .verifyComplete();
            StepVerifier.create(http.fire(new TriggerRequest("e:k", Map.of("method", "DELETE", "url", target.url("/missing")), Duration.ofSeconds(5))))
                    .expectErrorSatisfies(e -> assertThat(((TriggerFailure) e).retryable()).isFalse())
                    .verify();
            StepVerifier.create(http.fire(new TriggerRequest("e:k", Map.of("method", "GET", "url", target.url("/slow")), Duration.ofMillis(200))))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).hasMessage("HTTP request timed out after 200ms");
                        assertThat(((TriggerFailure) e).retryable()).isTrue();
                    })
                    .verify(Duration.ofSeconds(10));
            assertThat(target.received()).extracting(TriggerTarget.Received::key).containsOnly("e:k");
        }
    }

    @Test
    void computesCronFireTimesInTheFlowsTimeZone() {
        SpringCronCalculator cron = new SpringCronCalculator();
        // 09:00 in Paris is 08:00 UTC in winter
        assertThat(cron.next("0 9 * * *", "Europe/Paris", Instant.parse("2030-01-07T07:00:00Z"))).isEqualTo(Instant.parse("2030-01-07T08:00:00Z"));
        assertThat(cron.next("*/15 * * * *", "UTC", Instant.parse("2030-01-07T07:00:00Z"))).isEqualTo(Instant.parse("2030-01-07T07:15:00Z"));
        assertThatThrownBy(() -> cron.next("0 0 9 * * *", "UTC", Instant.EPOCH)).hasMessageContaining("5 fields");
    }
}
