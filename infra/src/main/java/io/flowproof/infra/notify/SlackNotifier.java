package io.flowproof.infra.notify;

import io.flowproof.domain.port.Notifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Posts a Block Kit message to a Slack incoming webhook (10 s timeout; 429/4xx/5xx are logged only). */
public final class SlackNotifier implements Notifier {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final JsonPoster poster;

    public SlackNotifier(HttpClient client, URI webhook) {
        this.poster = new JsonPoster(client, webhook, TIMEOUT, "Slack");
    }

    @Override
    public Mono<Void> notify(Notification notification) {
        return Mono.fromSupplier(() -> SlackMessage.payload(notification)).flatMap(poster::post);
    }

    @Override
    public String toString() {
        return "Slack";
    }
}
