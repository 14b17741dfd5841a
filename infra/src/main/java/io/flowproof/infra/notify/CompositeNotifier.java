package io.flowproof.infra.notify;

import io.flowproof.domain.port.Notifier;
import io.flowproof.infra.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends each notification to every configured channel, concurrently; one channel failing does not affect the
 * others, and nothing ever fails the caller (errors are logged). With no channel it does nothing.
 *
 * <p>Throttling (off when {@code throttle} is zero): a notification for a (flow, status) already sent less than
 * {@code throttle} ago is skipped, as the original does. The memory is per process: on Lambda it is per
 * container, so it reduces rather than guarantees.
 */
public final class CompositeNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(CompositeNotifier.class);

    private final List<Notifier> channels;
    private final Duration throttle;
    private final Clock clock;
    private final Map<List<String>, Instant> lastSent = new ConcurrentHashMap<>();

    public CompositeNotifier(List<Notifier> channels, Duration throttle, Clock clock) {
        this.channels = List.copyOf(channels);
        this.throttle = throttle;
        this.clock = clock;
    }

    public List<Notifier> channels() {
        return channels;
    }

    @Override
    public Mono<Void> notify(Notification notification) {
        if (channels.isEmpty() || throttled(notification)) {
            return Mono.empty();
        }
        return Flux.fromIterable(channels)
                .flatMap(channel -> Mono.defer(() -> channel.notify(notification))
                        .onErrorResume(error -> {
                            try (var context = LogContext.of(notification.flow(), notification.runId(), notification.ensureRunId())) {
                                log.warn("{} notification failed for flow={} run_id={}: {}", channel, notification.flow(),
                                        notification.runId(), error.toString());
                            }
                            return Mono.empty();
                        }))
                .then();
    }

    private boolean throttled(Notification notification) {
        if (throttle.isZero() || throttle.isNegative()) {
            return false;
        }
        Instant now = clock.instant();
        AtomicBoolean skip = new AtomicBoolean();
        lastSent.compute(List.of(notification.flow(), SlackMessage.status(notification)), (key, last) -> {
            if (last != null && Duration.between(last, now).compareTo(throttle) < 0) {
                skip.set(true);
                return last;
            }
            return now;
        });
        if (skip.get()) {
            log.debug("Throttled notification for flow={} status={}", notification.flow(), notification.status());
        }
        return skip.get();
    }
}
