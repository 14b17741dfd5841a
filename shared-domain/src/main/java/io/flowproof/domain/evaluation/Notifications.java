package io.flowproof.domain.evaluation;

import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.Notifier.Notification;
import reactor.core.publisher.Mono;

/**
 * When the server paths notify (contract: flows-yaml.md §6, evaluation.md §8): a {@code failed} evaluation, and
 * re-evaluation transitions. A notifier must not fail its caller; should one do so anyway, the error is dropped
 * here so that an evaluation never fails because of a notification.
 */
final class Notifications {

    static final Notifier NONE = notification -> Mono.empty();

    static final String RESOLVED = "failed->passed";

    private Notifications() {}

    static Mono<Void> ifFailed(Notifier notifier, RunRef run, EvalResult result) {
        if (result.status() != EvalStatus.FAILED) {
            return Mono.empty();
        }
        return send(notifier, new Notification(run.flow(), run.runId(), EvalStatus.FAILED.wireName(), result, null, null));
    }

    /** {@code failed -> passed} notifies the resolution; any other status turning {@code failed} notifies the failure. */
    static Mono<Void> ifTransition(Notifier notifier, RunRef run, EvalStatus before, EvalResult after) {
        if (before == EvalStatus.FAILED && after.status() == EvalStatus.PASSED) {
            return send(notifier, new Notification(run.flow(), run.runId(), EvalStatus.PASSED.wireName(), after, RESOLVED, null));
        }
        if (before != EvalStatus.FAILED && after.status() == EvalStatus.FAILED) {
            return send(notifier, new Notification(run.flow(), run.runId(), EvalStatus.FAILED.wireName(), after, null, null));
        }
        return Mono.empty();
    }

    private static Mono<Void> send(Notifier notifier, Notification notification) {
        return Mono.defer(() -> notifier.notify(notification)).onErrorResume(error -> Mono.empty());
    }
}
