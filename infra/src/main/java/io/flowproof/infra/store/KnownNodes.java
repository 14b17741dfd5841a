package io.flowproof.infra.store;

import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers, per node, the definition this process last upserted from events, so that a batch that
 * repeats an unchanged definition (the normal case: every SDK event carries its node's definition)
 * skips the node upsert. That keeps hot ingest free of row locks on shared node rows, which would
 * otherwise serialise concurrent batches of the same flow.
 *
 * <p>Entries expire after a short time, and any node written through the node API in this process
 * clears the cache, so a node changed elsewhere (scan, API, another instance) is re-asserted soon.
 */
public final class KnownNodes {

    private static final long TTL_NANOS = 10_000_000_000L;

    private final ConcurrentHashMap<NodeKey, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public KnownNodes(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Whether this exact definition was upserted recently. */
    boolean isCurrent(NodeDefinition node) {
        Entry entry = entries.get(node.key());
        return entry != null && entry.expiresAt - nanoTime.getAsLong() > 0 && entry.fingerprint.equals(Fingerprint.of(node));
    }

    void remember(List<NodeDefinition> nodes) {
        long expiresAt = nanoTime.getAsLong() + TTL_NANOS;
        for (NodeDefinition node : nodes) {
            entries.put(node.key(), new Entry(Fingerprint.of(node), expiresAt));
        }
        if (entries.size() > 100_000) {
            entries.clear();
        }
    }

    public void forgetAll() {
        entries.clear();
    }

    private record Entry(Fingerprint fingerprint, long expiresAt) {}

    /** The fields an event upsert writes (timestamps excluded). */
    private record Fingerprint(Object type, String description, List<String> depIds, Object filter, Object validator,
            Object conditions, Object meta) {
        static Fingerprint of(NodeDefinition n) {
            return new Fingerprint(n.type(), n.description(), n.depIds(), n.filter(), n.validator(), n.conditions(),
                    n.additionalMeta());
        }

    }
}
