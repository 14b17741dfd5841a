package io.flowproof.domain.node;

import io.flowproof.domain.model.Condition;
import io.flowproof.domain.model.NodeType;
import java.util.List;

/** One node found by the scanner CLI; only these fields are stored. */
public record ScannedNode(String id, String flow, NodeType type, String description, List<String> depIds,
        List<Condition> conditions) {}
