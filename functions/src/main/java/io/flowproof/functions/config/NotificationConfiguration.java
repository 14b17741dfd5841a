package io.flowproof.functions.config;

import io.flowproof.domain.port.Notifier;
import io.flowproof.infra.notify.CompositeNotifier;
import io.flowproof.infra.notify.SlackNotifier;
import io.flowproof.infra.notify.WebhookNotifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The one {@link Notifier} bean, named {@code notifier}: every configured channel (Slack, generic webhook) behind
 * the throttling composite; with none configured it does nothing. There is deliberately no
 * {@code @ConditionalOnMissingBean} and no {@code @Primary}: a second {@code Notifier} bean makes start-up fail
 * (a second {@code notifier} definition is refused, bean overriding being off, and another name makes the
 * injection ambiguous) instead of one being chosen silently.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger("io.flowproof.notify");

    @Bean(name = "notifier")
    Notifier notifier(OperationsProperties properties, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Notifier> channels = new ArrayList<>();
        if (StringUtils.hasText(properties.slackWebhookUrl())) {
            channels.add(new SlackNotifier(http, URI.create(properties.slackWebhookUrl().strip())));
        }
        if (StringUtils.hasText(properties.webhookUrl())) {
            channels.add(new WebhookNotifier(http, URI.create(properties.webhookUrl().strip())));
        }
        log.info("Notifications: {}{}", channels.isEmpty() ? "off (no channel configured)" : channels,
                properties.notifyThrottleSeconds() > 0 ? ", throttled to one per flow and status every "
                        + properties.notifyThrottleSeconds() + " s" : "");
        return new CompositeNotifier(channels, Duration.ofSeconds(Math.max(0, properties.notifyThrottleSeconds())), clock);
    }
}
