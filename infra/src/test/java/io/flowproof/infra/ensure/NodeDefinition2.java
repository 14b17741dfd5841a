package io.flowproof.infra.ensure;

import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import java.time.Instant;
import java.util.List;

/** Small node builders for ensure tests. */
final class NodeDefinition2 {

    private NodeDefinition2() {}

    /**
     * A manual assert node after {@code dep} (or a root when null), with no validator: a run passes once its event
     * arrives and keeps running (up to the default 10 s) while it does not.
     */
    static NodeDefinition awaited(String flow, String id, String dep) {
        return new NodeDefinition(flow, id, NodeType.ASSERT, NodeSource.MANUAL, null, dep == null ? List.of() : List.of(dep), null, null,
                List.of(), null, null, null, Instant.EPOCH, null, null);
    }
}
