package io.flowproof.infra.notify;

import io.flowproof.infra.json.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * POSTs a JSON body with the JDK's asynchronous HTTP client (no thread is blocked while waiting). A 4xx/5xx answer
 * is logged, not raised; the URL is never logged (a Slack webhook URL is itself a secret).
 */
final class JsonPoster {

    private static final Logger log = LoggerFactory.getLogger(JsonPoster.class);
    private static final int MAX_LOGGED_BODY = 200;

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;
    private final String channel;

    JsonPoster(HttpClient client, URI url, Duration timeout, String channel) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
        this.channel = channel;
    }

    Mono<Void> post(Object body) {
        return Mono.defer(() -> {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body)))
                    .build();
            return Mono.fromFuture(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }).doOnNext(this::report).then();
    }

    private void report(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            log.warn("{} webhook rate-limited (429): {}", channel, abbreviate(response.body()));
        } else if (status >= 400) {
            log.warn("{} webhook returned {}: {}", channel, status, abbreviate(response.body()));
        } else {
            log.debug("{} notification sent", channel);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_LOGGED_BODY ? text : text.substring(0, MAX_LOGGED_BODY) + "…";
    }
}
