package io.flowproof.infra.store;

import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.StoredEvalOutput;
import io.flowproof.infra.json.WireJson;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Row mappers shared by the store adapters. */
final class Rows {

    static final String NODE_COLUMNS = "flow, id, type, source, description, dep_ids::text AS dep_ids, filter::text AS filter, "
            + "validator::text AS validator, conditions::text AS conditions, handler, handler_input::text AS handler_input, "
            + "additional_meta::text AS additional_meta, created_at, updated_at, deleted_at";

    static final String EVENT_COLUMNS = "id, flow, node_id, run_id, type, data::text AS data, ts";

    static final String OUTPUT_COLUMNS = "id, flow, run_id, trigger_ev_id, output::text AS output, created_at, updated_at, deleted_at";

    private Rows() {}

    static Event event(Readable row) {
        return new Event(row.get("id", UUID.class).toString(), row.get("flow", String.class), row.get("node_id", String.class),
                row.get("run_id", String.class), NodeType.fromWire(row.get("type", String.class)),
                WireJson.readObject(row.get("data", String.class)), row.get("ts", Long.class));
    }

    @SuppressWarnings("unchecked")
    static NodeDefinition node(Readable row) {
        Object depIds = WireJson.read(row.get("dep_ids", String.class));
        return new NodeDefinition(row.get("flow", String.class), row.get("id", String.class),
                NodeType.fromWire(row.get("type", String.class)), NodeSource.fromWire(row.get("source", String.class)),
                row.get("description", String.class), (List<String>) depIds,
                WireJson.expr(json(row, "filter")), WireJson.expr(json(row, "validator")),
                WireJson.conditions(json(row, "conditions")), row.get("handler", String.class),
                (Map<String, Object>) json(row, "handler_input"), (Map<String, Object>) json(row, "additional_meta"),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "deleted_at"));
    }

    static StoredEvalOutput output(Readable row) {
        return new StoredEvalOutput(row.get("id", UUID.class).toString(), row.get("flow", String.class),
                row.get("run_id", String.class), row.get("trigger_ev_id", String.class),
                WireJson.evalResult(WireJson.readObject(row.get("output", String.class))),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "deleted_at"));
    }

    static Object json(Readable row, String column) {
        String text = row.get(column, String.class);
        return text == null ? null : WireJson.read(text);
    }

    static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }

    static String jsonOrNull(Object value) {
        return value == null ? null : WireJson.write(value);
    }
}
