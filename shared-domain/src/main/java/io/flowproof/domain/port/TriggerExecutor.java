package io.flowproof.domain.port;

import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Runs one kind of trigger ({@link #handler()}: {@code http_request} or {@code command}). Emits the trigger's
 * output (any JSON-like value) or fails with a {@code TriggerFailure} saying whether a retry may help.
 */
public interface TriggerExecutor {

    /**
     * One trigger attempt.
     *
     * @param idempotencyKey {@code ensureRunId:stepId}, the same for every attempt of the step (sent as the
     *     {@code Idempotency-Key} header / {@code FLOWPROOF_IDEMPOTENCY_KEY} variable)
     * @param input the substituted input: {@code {"method","url","headers","body"}} or {@code {"command"}}
     * @param timeout how long the attempt may take
     */
    record TriggerRequest(String idempotencyKey, Map<String, Object> input, Duration timeout) {}

    String handler();

    Mono<Object> fire(TriggerRequest request);
}
