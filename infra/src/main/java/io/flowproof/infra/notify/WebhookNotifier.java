package io.flowproof.infra.notify;

import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.NodeExecInfo;
import io.flowproof.domain.port.Notifier;
import io.flowproof.infra.json.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Posts a plain JSON document to any URL (Flowproof addition):
 * {@code {"flow","run_id","status","transition","ensure_run_id","failed_nodes":[ids],"output":{evaluation}}},
 * where {@code failed_nodes} lists the nodes whose status is failed, error or timed_out, in evaluation order.
 */
public final class WebhookNotifier implements Notifier {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Set<EvalStatus> FAILED = Set.of(EvalStatus.FAILED, EvalStatus.ERROR, EvalStatus.TIMED_OUT);

    private final JsonPoster poster;

    public WebhookNotifier(HttpClient client, URI url) {
        this.poster = new JsonPoster(client, url, TIMEOUT, "Generic");
    }

    @Override
    public Mono<Void> notify(Notification notification) {
        return Mono.fromSupplier(() -> payload(notification)).flatMap(poster::post);
    }

    static Map<String, Object> payload(Notification notification) {
        EvalResult result = notification.result();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flow", notification.flow());
        body.put("run_id", notification.runId());
        body.put("status", notification.status());
        body.put("transition", notification.transition());
        body.put("ensure_run_id", notification.ensureRunId());
        List<String> failed = new ArrayList<>();
        if (result != null) {
            for (NodeExecInfo info : result.execInfo()) {
                if (FAILED.contains(info.status())) {
                    failed.add(info.nodeId());
                }
            }
        }
        body.put("failed_nodes", failed);
        body.put("output", result == null ? null : WireJson.evalResult(result));
        return body;
    }

    @Override
    public String toString() {
        return "Webhook";
    }
}
