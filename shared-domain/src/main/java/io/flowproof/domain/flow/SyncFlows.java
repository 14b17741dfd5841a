package io.flowproof.domain.flow;

import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.port.FlowFiles;
import io.flowproof.domain.port.FlowSettingsStore;
import io.flowproof.domain.port.NodeStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code nodes sync} / {@code POST /v1/flows/sync}: reads the flow files and, for every valid one, upserts its
 * nodes as {@code code} nodes (every field replaced, the flow included; {@code created_at} kept; revived if
 * deleted) and saves its flow settings. Nodes that a file no longer lists are left alone, as in the original.
 * Invalid files are skipped and reported; the valid ones are still synced. All nodes are written in one
 * transaction.
 */
public final class SyncFlows {

    private final FlowFiles flowFiles;
    private final NodeStore nodes;
    private final FlowSettingsStore settings;
    private final Clock clock;

    public SyncFlows(FlowFiles flowFiles, NodeStore nodes, FlowSettingsStore settings, Clock clock) {
        this.flowFiles = flowFiles;
        this.nodes = nodes;
        this.settings = settings;
        this.clock = clock;
    }

    /** Syncs the file or directory at {@code location}. */
    public Mono<FlowSync> sync(String location) {
        return flowFiles.read(location).flatMap(this::write);
    }

    private Mono<FlowSync> write(List<FlowFile> files) {
        Instant now = clock.instant();
        List<NodeDefinition> upserts = new ArrayList<>();
        List<FlowSettings> flowSettings = new ArrayList<>();
        List<FlowProblem> problems = new ArrayList<>();
        TreeSet<String> flows = new TreeSet<>();
        for (FlowFile file : files) {
            if (!file.isValid()) {
                problems.addAll(file.problems());
                continue;
            }
            FlowDefinition definition = file.definition();
            flows.add(definition.flow());
            flowSettings.add(definition.settings());
            for (NodeDefinition node : definition.nodes()) {
                upserts.add(asCodeNode(node, now));
            }
        }
        FlowSync report = new FlowSync(files.size(), List.copyOf(flows), upserts.size(), problems);
        if (upserts.isEmpty() && flowSettings.isEmpty()) {
            return Mono.just(report);
        }
        return nodes.saveAll(upserts, List.of())
                .then(Flux.fromIterable(flowSettings).concatMap(settings::save).then())
                .thenReturn(report);
    }

    /** The store keeps {@code created_at} of an existing row; a new row gets {@code now}. */
    private static NodeDefinition asCodeNode(NodeDefinition node, Instant now) {
        return new NodeDefinition(node.flow(), node.id(), node.type(), NodeSource.CODE, node.description(), node.depIds(),
                node.filter(), node.validator(), node.conditions(), node.handler(), node.handlerInput(),
                node.additionalMeta(), now, now, null);
    }
}
