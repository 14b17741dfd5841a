package io.flowproof.functions.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** {@code FLOWPROOF_LOG_FORMAT} picks Spring Boot's structured console format. */
class LogFormatEnvironmentPostProcessorTest {

    private static String consoleFormat(Map<String, Object> properties) {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new LogFormatEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("logging.structured.format.console");
    }

    @Test
    void jsonMeansElasticCommonSchema() {
        assertThat(consoleFormat(Map.of("FLOWPROOF_LOG_FORMAT", "json"))).isEqualTo("ecs");
        assertThat(consoleFormat(Map.of("flowproof.log-format", "JSON"))).isEqualTo("ecs");
        assertThat(consoleFormat(Map.of("flowproof.log-format", "logstash"))).isEqualTo("logstash");
    }

    @Test
    void textOrNothingKeepsThePlainLines() {
        assertThat(consoleFormat(Map.of())).isNull();
        assertThat(consoleFormat(Map.of("FLOWPROOF_LOG_FORMAT", "text"))).isNull();
    }

    @Test
    void bootsOwnSettingWins() {
        assertThat(consoleFormat(Map.of("FLOWPROOF_LOG_FORMAT", "json", "logging.structured.format.console", "gelf"))).isEqualTo("gelf");
    }

    @Test
    void anUnknownFormatStopsTheStartWithTheChoices() {
        assertThatThrownBy(() -> consoleFormat(Map.of("FLOWPROOF_LOG_FORMAT", "xml")))
                .hasMessageContaining("text, json, ecs, logstash or gelf");
    }
}
