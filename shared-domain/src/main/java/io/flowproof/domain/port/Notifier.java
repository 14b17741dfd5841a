package io.flowproof.domain.port;

import io.flowproof.domain.evaluation.EvalResult;
import reactor.core.publisher.Mono;

/**
 * Tells people about runs that need attention (Slack, a generic webhook). Implementations never fail the
 * caller: delivery problems are logged and swallowed.
 */
public interface Notifier {

    /**
     * @param flow the flow
     * @param runId the run id, or null when none was extracted
     * @param status {@code failed}, {@code timed_out}, {@code error}, or {@code passed} with a transition
     * @param result the evaluation (may be a terminal output with an empty graph)
     * @param transition e.g. {@code "failed->passed"}, or null
     * @param ensureRunId the ensure run, or null for API/ingest evaluations
     */
    record Notification(String flow, String runId, String status, EvalResult result, String transition, String ensureRunId) {}

    Mono<Void> notify(Notification notification);
}
