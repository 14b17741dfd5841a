package io.flowproof.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FlowproofSettingsTest {

    @Test
    void readsFlowproofVariablesFirstThenBusinessUseOnes() {
        Map<String, String> env = Map.of("FLOWPROOF_URL", "http://fp:1/", "BUSINESS_USE_URL", "http://bu:2",
                "FLOWPROOF_API_KEY", "fp-key", "BUSINESS_USE_API_KEY", "bu-key");
        FlowproofSettings settings = FlowproofSettings.builder().environment(env::get).build();
        assertThat(settings.url()).isEqualTo("http://fp:1");
        assertThat(settings.apiKey()).isEqualTo("fp-key");
    }

    @Test
    void fallsBackToBusinessUseVariablesAndTheDefaultUrl() {
        FlowproofSettings bu = FlowproofSettings.builder()
                .environment(Map.of("BUSINESS_USE_URL", "https://bu.example", "BUSINESS_USE_API_KEY", "bu-key")::get).build();
        assertThat(bu.url()).isEqualTo("https://bu.example");
        assertThat(bu.apiKey()).isEqualTo("bu-key");

        FlowproofSettings none = FlowproofSettings.builder().environment(name -> null).build();
        assertThat(none.url()).isEqualTo("http://localhost:13370");
        assertThat(none.apiKey()).isNull();
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        FlowproofSettings settings = FlowproofSettings.builder()
                .environment(Map.of("FLOWPROOF_URL", "http://env", "FLOWPROOF_API_KEY", "env-key")::get)
                .url("http://arg:9").apiKey("arg-key").build();
        assertThat(settings.url()).isEqualTo("http://arg:9");
        assertThat(settings.apiKey()).isEqualTo("arg-key");
    }

    @Test
    void usesThePythonSdkDefaults() {
        FlowproofSettings settings = FlowproofSettings.builder().environment(name -> null).build();
        assertThat(settings.batchSize()).isEqualTo(100);
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxQueueSize()).isEqualTo(1000);
        assertThat(FlowproofSettings.builder().environment(n -> null).batchSize(7).build().maxQueueSize()).isEqualTo(70);
    }

    @Test
    void replacesOutOfRangeValuesWithDefaultsInsteadOfThrowing() {
        FlowproofSettings settings = FlowproofSettings.builder().environment(name -> null).batchSize(0)
                .maxQueueSize(-1).flushInterval(Duration.ZERO).requestTimeout(null).maxRetries(-2)
                .initialBackoff(Duration.ofSeconds(-1)).clock(null).jsonMapper(null).build();
        assertThat(settings.batchSize()).isEqualTo(100);
        assertThat(settings.maxQueueSize()).isEqualTo(1000);
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxRetries()).isEqualTo(3);
        assertThat(settings.clock()).isNotNull();
        assertThat(settings.jsonMapper()).isNotNull();
    }

    @Test
    void neverPrintsTheKey() {
        FlowproofSettings settings = FlowproofSettings.builder().environment(name -> null).apiKey("top-secret").build();
        assertThat(settings.toString()).doesNotContain("top-secret").contains("<set>");
    }
}
