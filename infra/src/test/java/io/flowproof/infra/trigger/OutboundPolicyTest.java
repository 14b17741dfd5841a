package io.flowproof.infra.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.flowproof.domain.ensure.TriggerFailure;
import io.flowproof.domain.port.TriggerExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-side request forgery: which addresses HTTP triggers may reach, checked on the resolved address. */
class OutboundPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/iam", "http://169.254.0.1/", "http://[fe80::1]/",
            "http://[fd00:ec2::254]/latest", "http://metadata.google.internal/computeMetadata/v1/", "http://metadata/",
            "http://instance-data.ec2.internal/"})
    void alwaysRefusesCloudMetadataAndLinkLocalEvenWhenPrivateNetworksAreAllowed(String url) {
        assertThatThrownBy(() -> new OutboundPolicy(List.of(), true).check(URI.create(url)))
                .isInstanceOfSatisfying(TriggerFailure.class, failure -> assertThat(failure.retryable()).isFalse())
                .hasMessageContaining("metadata");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/", "http://127.1.2.3/", "http://localhost/", "http://[::1]/", "http://0.0.0.0/",
            "http://[::]/", "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.254/", "http://192.168.1.1/",
            "http://100.64.0.1/", "http://[fd12:3456::1]/", "http://[fc00::1]/", "http://[::ffff:127.0.0.1]/"})
    void refusesLoopbackAndPrivateAddressesIncludingNamesThatResolveToThemWhenNotAllowed(String url) {
        assertThatThrownBy(() -> new OutboundPolicy(List.of(), false).check(URI.create(url)))
                .isInstanceOfSatisfying(TriggerFailure.class, failure -> assertThat(failure.retryable()).isFalse())
                .hasMessageContaining("FLOWPROOF_OUTBOUND_ALLOW_PRIVATE");
    }

    @Test
    void allowsPublicAddressesAndPrivateOnesWhenAllowedOrListed() {
        OutboundPolicy strict = new OutboundPolicy(List.of(), false);
        assertThatCode(() -> strict.check(URI.create("https://93.184.216.34/x"))).doesNotThrowAnyException();
        assertThatCode(() -> strict.check(URI.create("http://172.32.0.1/"))).doesNotThrowAnyException(); // just outside 172.16/12
        assertThatCode(() -> new OutboundPolicy(List.of(), true).check(URI.create("http://127.0.0.1:8080/"))).doesNotThrowAnyException();
        assertThatCode(() -> new OutboundPolicy(List.of("localhost"), false).check(URI.create("http://localhost:9/"))).doesNotThrowAnyException();
    }

    @Test
    void theAllowListRefusesEveryUnlistedHostIncludingLoopback() {
        OutboundPolicy listed = new OutboundPolicy(List.of("*.example.com"), true);
        assertThatCode(() -> listed.check(URI.create("https://api.example.com/"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> listed.check(URI.create("https://example.com.evil.net/"))).hasMessageContaining("FLOWPROOF_OUTBOUND_ALLOWED_HOSTS");
        assertThatThrownBy(() -> listed.check(URI.create("http://127.0.0.1/"))).hasMessageContaining("FLOWPROOF_OUTBOUND_ALLOWED_HOSTS");
    }

    @Test
    void theHttpTriggerDoesNotFollowRedirectsToAnotherTarget() throws Exception {
        AtomicInteger redirected = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = server.getAddress().getPort();
        server.createContext("/start", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/internal");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/internal", exchange -> {
            redirected.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            WebClientHttpTrigger trigger = new WebClientHttpTrigger(new OutboundPolicy(List.of(), true));
            Object output = trigger.fire(new TriggerExecutor.TriggerRequest("run:step",
                    Map.of("url", "http://127.0.0.1:" + port + "/start", "method", "GET"), Duration.ofSeconds(5))).block(Duration.ofSeconds(10));
            assertThat(output).isEqualTo(Map.of("text", "", "status_code", 302L));
            assertThat(redirected).hasValue(0);
        } finally {
            server.stop(0);
        }
    }
}
