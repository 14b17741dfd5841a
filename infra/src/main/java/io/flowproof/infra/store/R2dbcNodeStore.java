package io.flowproof.infra.store;

import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.infra.json.WireJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Node definitions in Postgres, keyed by (flow, id), returned in creation order. */
public final class R2dbcNodeStore implements NodeStore {

    private static final String SELECT = "SELECT " + Rows.NODE_COLUMNS + " FROM nodes";

    private static final String SAVE = """
            INSERT INTO nodes (flow, id, type, source, description, dep_ids, filter, validator, conditions, handler,
                               handler_input, additional_meta, created_at, updated_at, deleted_at)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11::jsonb, $12::jsonb, $13, $14, $15)
            ON CONFLICT (flow, id) DO UPDATE SET
                type = EXCLUDED.type, source = EXCLUDED.source, description = EXCLUDED.description,
                dep_ids = EXCLUDED.dep_ids, filter = EXCLUDED.filter, validator = EXCLUDED.validator,
                conditions = EXCLUDED.conditions, handler = EXCLUDED.handler, handler_input = EXCLUDED.handler_input,
                additional_meta = EXCLUDED.additional_meta, updated_at = EXCLUDED.updated_at,
                deleted_at = EXCLUDED.deleted_at
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KnownNodes knownNodes;
    private final Clock clock;

    public R2dbcNodeStore(DatabaseClient db, TransactionalOperator tx, KnownNodes knownNodes, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.knownNodes = knownNodes;
        this.clock = clock;
    }

    @Override
    public Flux<NodeDefinition> activeNodes(String flow) {
        return db.sql(SELECT + " WHERE flow = $1 AND deleted_at IS NULL ORDER BY seq").bind(0, flow)
                .map(Rows::node).all().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<Map<String, List<NodeDefinition>>> activeNodes(Collection<String> flows) {
        return db.sql(SELECT + " WHERE flow = ANY($1::text[]) AND deleted_at IS NULL ORDER BY seq")
                .bind(0, flows.toArray(String[]::new))
                .map(Rows::node).all()
                .collect(LinkedHashMap<String, List<NodeDefinition>>::new,
                        (map, node) -> map.computeIfAbsent(node.flow(), k -> new ArrayList<>()).add(node))
                .<Map<String, List<NodeDefinition>>>map(map -> map)
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Flux<NodeDefinition> allActive() {
        return db.sql(SELECT + " WHERE deleted_at IS NULL ORDER BY flow, seq").map(Rows::node).all()
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Flux<NodeDefinition> withId(String id) {
        return db.sql(SELECT + " WHERE id = $1 ORDER BY seq").bind(0, id).map(Rows::node).all()
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<NodeDefinition> find(NodeKey key) {
        return db.sql(SELECT + " WHERE flow = $1 AND id = $2").bind(0, key.flow()).bind(1, key.id())
                .map(Rows::node).one().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<NodeDefinition> save(NodeDefinition node) {
        return upsert(node).then(find(node.key())).as(tx::transactional)
                .doFinally(signal -> knownNodes.forgetAll())
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<Void> saveAll(Collection<NodeDefinition> nodes, Collection<NodeKey> softDeleted) {
        // Every row is written in one (flow, id) order, upserts and soft deletes alike: two scans touching the same rows
        // then lock them in the same order and cannot deadlock (they did when each upserted first and deleted after).
        var now = Rows.offset(clock.instant());
        List<Map.Entry<NodeKey, Mono<Void>>> writes = new ArrayList<>();
        nodes.forEach(node -> writes.add(Map.entry(node.key(), Mono.defer(() -> upsert(node)))));
        softDeleted.forEach(key -> writes.add(Map.entry(key, Mono.defer(() -> db.sql(
                "UPDATE nodes SET deleted_at = $3, updated_at = $3 WHERE flow = $1 AND id = $2")
                .bind(0, key.flow()).bind(1, key.id()).bind(2, now).then()))));
        writes.sort(Comparator.comparing((Map.Entry<NodeKey, Mono<Void>> write) -> write.getKey().flow())
                .thenComparing(write -> write.getKey().id()));
        return Flux.fromIterable(writes).concatMap(Map.Entry::getValue)
                .then()
                .as(tx::transactional)
                .doFinally(signal -> knownNodes.forgetAll())
                .onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<NodeDefinition> move(NodeKey from, NodeDefinition node) {
        return db.sql("DELETE FROM nodes WHERE flow = $1 AND id = $2").bind(0, from.flow()).bind(1, from.id()).then()
                .then(upsert(node)).then(find(node.key()))
                .as(tx::transactional)
                .doFinally(signal -> knownNodes.forgetAll())
                .onErrorMap(StoreErrors::translate);
    }

    private Mono<Void> upsert(NodeDefinition node) {
        Object[] values = {
            node.flow(), node.id(), node.type().wireName(), node.source().wireName(), node.description(),
            WireJson.write(node.depIds()), Rows.jsonOrNull(WireJson.expr(node.filter())),
            Rows.jsonOrNull(WireJson.expr(node.validator())), Rows.jsonOrNull(WireJson.conditions(node.conditions())),
            node.handler(), Rows.jsonOrNull(node.handlerInput()), Rows.jsonOrNull(node.additionalMeta()),
            Rows.offset(node.createdAt() == null ? clock.instant() : node.createdAt()), Rows.offset(node.updatedAt()),
            Rows.offset(node.deletedAt())
        };
        Class<?>[] types = {
            String.class, String.class, String.class, String.class, String.class, String.class, String.class,
            String.class, String.class, String.class, String.class, String.class, java.time.OffsetDateTime.class,
            java.time.OffsetDateTime.class, java.time.OffsetDateTime.class
        };
        var spec = db.sql(SAVE);
        for (int i = 0; i < values.length; i++) {
            spec = values[i] == null ? spec.bindNull(i, types[i]) : spec.bind(i, values[i]);
        }
        return spec.then();
    }
}
